package org.civicdispatch.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claim names of Civic Dispatch access tokens, and how they read into a
 * {@link CurrentUser}. {@code roles} and {@code staffScopes} are arrays; a single string
 * is read as its comma- or space-separated values, as an outside provider's
 * non-multivalued mapper writes them. Roles the platform does not know (an outside
 * provider's own, such as {@code offline_access}) are ignored. A token whose claims do
 * not read is rejected like a forged one.
 */
public final class TokenClaims {

	public static final String NAME = "name";

	public static final String ROLES = "roles";

	public static final String STAFF_SCOPES = "staffScopes";

	public static final Set<String> KNOWN_ROLES = Set.of(CurrentUser.RESIDENT, CurrentUser.VOLUNTEER, CurrentUser.STAFF,
			CurrentUser.ADMIN);

	private TokenClaims() {
	}

	static CurrentUser toCurrentUser(Jwt jwt) {
		UUID id = uuid(jwt.getSubject(), "sub");
		String name = jwt.getClaimAsString(NAME);
		Set<String> roles = new LinkedHashSet<>();
		for (String role : strings(jwt, ROLES)) {
			if (KNOWN_ROLES.contains(role)) {
				roles.add(role);
			}
		}
		Set<UUID> scopes = new LinkedHashSet<>();
		for (String scope : strings(jwt, STAFF_SCOPES)) {
			scopes.add(uuid(scope, STAFF_SCOPES));
		}
		return new CurrentUser(id, name == null ? "" : name, roles, scopes);
	}

	private static List<String> strings(Jwt jwt, String claim) {
		Object value = jwt.getClaims().get(claim);
		if (value == null) {
			return List.of();
		}
		if (value instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).toList();
		}
		// an outside provider's claim mapper that is not multi-valued (Keycloak:
		// "Multivalued" off)
		// writes one value, or several in one string
		if (value instanceof String text) {
			return Arrays.stream(text.split("[,\\s]+")).filter((part) -> !part.isEmpty()).toList();
		}
		throw new BadJwtException("Claim '" + claim + "' is not an array");
	}

	private static UUID uuid(String value, String claim) {
		if (value == null) {
			throw new BadJwtException("Claim '" + claim + "' is missing");
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new BadJwtException("Claim '" + claim + "' is not a UUID");
		}
	}

}
