package org.civicdispatch.volunteer.team;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.TeamSnapshot;

/**
 * A team with its members (in the order they joined), as stored after the last change.
 */
record Team(UUID id, String name, TeamLevel level, UUID parentId, UUID orgUnitId, List<String> categories, int capacity,
		UUID leaderId, List<Member> members, boolean active, long version, OffsetDateTime createdAt) {

	record Member(UUID userId, String name) {
	}

	Team {
		categories = List.copyOf(categories);
		members = List.copyOf(members);
	}

	boolean hasMember(UUID userId) {
		return members.stream().anyMatch((member) -> member.userId().equals(userId));
	}

	TeamSnapshot snapshot() {
		return new TeamSnapshot(id, name, level.name(), parentId, orgUnitId, categories, capacity, leaderId,
				members.stream().map(Member::userId).toList(), active, version);
	}

}
