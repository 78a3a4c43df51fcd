package org.civicdispatch.web;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CurrentUserTests {

	private final UUID centre = UUID.randomUUID();

	private final UUID institute = UUID.randomUUID();

	private final UUID station = UUID.randomUUID();

	private final UUID otherStation = UUID.randomUUID();

	@Test
	void staffIsOverItsUnitAndEverythingBelow() {
		CurrentUser instituteStaff = user(Set.of("RESIDENT", "STAFF"), Set.of(institute));
		assertThat(instituteStaff.isStaffOver(institute, List.of(centre))).isTrue();
		assertThat(instituteStaff.isStaffOver(station, List.of(centre, institute))).isTrue();
		assertThat(instituteStaff.isStaffOver(centre, List.of())).isFalse();
		assertThat(instituteStaff.isStaffOver(otherStation, List.of(centre, UUID.randomUUID()))).isFalse();
	}

	@Test
	void adminIsOverEverythingAndScopesWithoutTheStaffRoleCountForNothing() {
		assertThat(user(Set.of("RESIDENT", "ADMIN"), Set.of()).isStaffOver(station, List.of())).isTrue();
		assertThat(user(Set.of("RESIDENT"), Set.of(station)).isStaffOver(station, List.of())).isFalse();
		assertThat(user(Set.of("RESIDENT", "VOLUNTEER"), Set.of()).hasRole("VOLUNTEER")).isTrue();
	}

	private static CurrentUser user(Set<String> roles, Set<UUID> scopes) {
		return new CurrentUser(UUID.randomUUID(), "测试", roles, scopes);
	}

}
