package org.civicdispatch.volunteer.team;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.TeamSnapshot;
import org.civicdispatch.volunteer.team.Team.Member;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TeamTests {

	@Test
	void levelsRankCorpsOverSquadronOverDetachment() {
		assertThat(TeamLevel.CORPS.isAbove(TeamLevel.SQUADRON)).isTrue();
		assertThat(TeamLevel.CORPS.isAbove(TeamLevel.DETACHMENT)).isTrue();
		assertThat(TeamLevel.SQUADRON.isAbove(TeamLevel.DETACHMENT)).isTrue();
		assertThat(TeamLevel.DETACHMENT.isAbove(TeamLevel.SQUADRON)).isFalse();
		assertThat(TeamLevel.SQUADRON.isAbove(TeamLevel.SQUADRON)).isFalse();
	}

	@Test
	void snapshotCarriesMembersInJoinOrderAndTheVersion() {
		UUID leader = UUID.randomUUID();
		UUID member = UUID.randomUUID();
		Team team = new Team(UUID.randomUUID(), "助老分队", TeamLevel.DETACHMENT, null, UUID.randomUUID(),
				List.of("ELDERLY"), 2, leader, List.of(new Member(leader, "队长"), new Member(member, "队员")), true, 7,
				OffsetDateTime.now());
		TeamSnapshot snapshot = team.snapshot();
		assertThat(snapshot.memberIds()).containsExactly(leader, member);
		assertThat(snapshot.level()).isEqualTo("DETACHMENT");
		assertThat(snapshot.version()).isEqualTo(7);
		assertThat(team.hasMember(member)).isTrue();
		assertThat(team.hasMember(UUID.randomUUID())).isFalse();
	}

}
