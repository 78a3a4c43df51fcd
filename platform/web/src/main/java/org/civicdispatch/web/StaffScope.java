package org.civicdispatch.web;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * The one way every service checks the Scope rule of the API: staff act only on objects
 * whose org unit lies in the subtree of one of their {@code staffScopes}; ADMIN acts
 * everywhere.
 */
public final class StaffScope {

	private final OrgAncestry ancestry;

	public StaffScope(OrgAncestry ancestry) {
		this.ancestry = ancestry;
	}

	/** Whether the user is ADMIN, or STAFF over the unit (or a unit above it). */
	public Mono<Boolean> covers(CurrentUser user, UUID orgUnitId) {
		if (user.isAdmin()) {
			return Mono.just(true);
		}
		if (!user.isStaff() || orgUnitId == null) {
			return Mono.just(false);
		}
		if (user.staffScopes().contains(orgUnitId)) {
			return Mono.just(true);
		}
		return ancestry.ancestorsOf(orgUnitId)
			.map(ancestors -> user.isStaffOver(orgUnitId, ancestors))
			.defaultIfEmpty(false);
	}

	/** Completes when {@link #covers} holds, else fails with 403 and the given detail. */
	public Mono<Void> require(CurrentUser user, UUID orgUnitId, String detail) {
		return covers(user, orgUnitId)
			.flatMap(covered -> covered ? Mono.<Void>empty() : Mono.<Void>error(new ForbiddenException(detail)));
	}

}
