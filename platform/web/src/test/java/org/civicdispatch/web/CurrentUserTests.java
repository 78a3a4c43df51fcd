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

	@Test
	void readsTheClaimsOfAnOutsideProvidersToken() {
		UUID subject = UUID.randomUUID();
		org.springframework.security.oauth2.jwt.Jwt keycloak = org.springframework.security.oauth2.jwt.Jwt
			.withTokenValue("token")
			.header("alg", "RS256")
			.subject(subject.toString())
			.claim("name", "赵站长")
			.claim("roles", List.of("default-roles-civic", "offline_access", "uma_authorization", "STAFF"))
			.claim("staffScopes", station.toString())
			.build();
		CurrentUser staff = TokenClaims.toCurrentUser(keycloak);
		assertThat(staff.id()).isEqualTo(subject);
		assertThat(staff.name()).isEqualTo("赵站长");
		assertThat(staff.roles()).containsExactly("STAFF");
		assertThat(staff.staffScopes()).containsExactly(station);

		org.springframework.security.oauth2.jwt.Jwt oneStringEach = org.springframework.security.oauth2.jwt.Jwt
			.withTokenValue("token")
			.header("alg", "RS256")
			.subject(subject.toString())
			.claim("roles", "RESIDENT STAFF")
			.claim("staffScopes", station + "," + otherStation)
			.build();
		assertThat(TokenClaims.toCurrentUser(oneStringEach).roles()).containsExactlyInAnyOrder("RESIDENT", "STAFF");
		assertThat(TokenClaims.toCurrentUser(oneStringEach).staffScopes()).containsExactlyInAnyOrder(station,
				otherStation);
	}

	@Test
	void aTokenWhoseClaimsDoNotReadIsRefused() {
		org.springframework.security.oauth2.jwt.Jwt noUuid = org.springframework.security.oauth2.jwt.Jwt
			.withTokenValue("token")
			.header("alg", "RS256")
			.subject("admin@example.gov.cn")
			.build();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenClaims.toCurrentUser(noUuid))
			.isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class)
			.hasMessageContaining("'sub' is not a UUID");
		org.springframework.security.oauth2.jwt.Jwt scopeNotUuid = org.springframework.security.oauth2.jwt.Jwt
			.withTokenValue("token")
			.header("alg", "RS256")
			.subject(UUID.randomUUID().toString())
			.claim("staffScopes", Set.of("平城区"))
			.build();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenClaims.toCurrentUser(scopeNotUuid))
			.isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class);
	}

	private static CurrentUser user(Set<String> roles, Set<UUID> scopes) {
		return new CurrentUser(UUID.randomUUID(), "测试", roles, scopes);
	}

}
