package org.civicdispatch.web;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;

import reactor.core.publisher.Mono;

/**
 * The authenticated caller, read from the access token's claims: {@code sub} (user id),
 * {@code name}, {@code roles} and {@code staffScopes} (org units the caller is staff
 * over, each with everything under it).
 */
public record CurrentUser(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {

	public static final String RESIDENT = "RESIDENT";

	public static final String VOLUNTEER = "VOLUNTEER";

	public static final String STAFF = "STAFF";

	public static final String ADMIN = "ADMIN";

	public CurrentUser {
		roles = Set.copyOf(roles);
		staffScopes = Set.copyOf(staffScopes);
	}

	/**
	 * The caller of the current request; empty when the request carries no token (a
	 * public path).
	 */
	public static Mono<CurrentUser> current() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.mapNotNull(CurrentUser::from);
	}

	/** The caller, or a 401 problem when there is none. */
	public static Mono<CurrentUser> required() {
		return current().switchIfEmpty(Mono.error(() -> new UnauthorizedException("请先登录")));
	}

	/**
	 * The user an authentication made from an access token stands for, or {@code null}
	 * for any other kind.
	 */
	public static CurrentUser from(Authentication authentication) {
		if (authentication != null && authentication.isAuthenticated()
				&& authentication.getPrincipal() instanceof Jwt jwt) {
			return TokenClaims.toCurrentUser(jwt);
		}
		return null;
	}

	public boolean hasRole(String role) {
		return roles.contains(role);
	}

	public boolean isAdmin() {
		return hasRole(ADMIN);
	}

	public boolean isStaff() {
		return hasRole(STAFF);
	}

	/**
	 * Whether the caller may act as staff for an org unit: ADMIN, or STAFF whose scopes
	 * hold the unit itself or one of the units above it.
	 */
	public boolean isStaffOver(UUID orgUnitId, Collection<UUID> ancestorIdsOfThatUnit) {
		if (isAdmin()) {
			return true;
		}
		if (!isStaff() || orgUnitId == null) {
			return false;
		}
		return staffScopes.contains(orgUnitId)
				|| (ancestorIdsOfThatUnit != null && ancestorIdsOfThatUnit.stream().anyMatch(staffScopes::contains));
	}

}
