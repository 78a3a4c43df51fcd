package org.civicdispatch.volunteer.team;

import java.util.Set;

/** The service catalogue's codes (API.md); order-service owns names and descriptions. */
public final class Categories {

	public static final Set<String> CODES = Set.of("THEORY", "POLICY", "ETHICS", "CULTURE", "LAW", "SCIENCE", "HEALTH",
			"ELDERLY", "HOUSEKEEPING", "ENVIRONMENT");

	private Categories() {
	}

}
