package org.civicdispatch.volunteer.account;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.civicdispatch.web.CurrentUser;

/** A user as the database knows it now, with the roles a token issued now would carry. */
record Account(UUID id, String phone, String name, boolean admin, boolean volunteer, Set<UUID> staffScopes) {

	/**
	 * Everyone is a RESIDENT; VOLUNTEER once registered as one; STAFF with scopes; ADMIN
	 * as set up.
	 */
	Set<String> roles() {
		Set<String> roles = new LinkedHashSet<>();
		roles.add(CurrentUser.RESIDENT);
		if (volunteer) {
			roles.add(CurrentUser.VOLUNTEER);
		}
		if (!staffScopes.isEmpty()) {
			roles.add(CurrentUser.STAFF);
		}
		if (admin) {
			roles.add(CurrentUser.ADMIN);
		}
		return roles;
	}

}
