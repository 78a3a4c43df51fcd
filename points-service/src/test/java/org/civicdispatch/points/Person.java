package org.civicdispatch.points;

import java.util.Set;
import java.util.UUID;

import org.civicdispatch.testing.TestTokens;

/**
 * Someone calling the API in a test, with the token volunteer-service would give them.
 */
record Person(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {

	static Person volunteer(String name) {
		return new Person(UUID.randomUUID(), name, Set.of("RESIDENT", "VOLUNTEER"), Set.of());
	}

	static Person staff(UUID orgUnit) {
		return new Person(UUID.randomUUID(), "工作人员", Set.of("RESIDENT", "STAFF"), Set.of(orgUnit));
	}

	static Person admin() {
		return new Person(UUID.randomUUID(), "管理员", Set.of("RESIDENT", "ADMIN"), Set.of());
	}

	String token() {
		return TestTokens.forUser(id, name, roles, staffScopes);
	}

}
