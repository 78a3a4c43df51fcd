package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A volunteer's sign-up for an activity; {@code seq} orders the waitlist (earliest
 * first).
 */
record Signup(UUID activityId, UUID userId, long seq, Status status, Instant signedUpAt, Instant checkedInAt,
		Instant checkedOutAt, BigDecimal hours) {

	enum Status {

		CONFIRMED, WAITLISTED, CANCELLED

	}

	boolean confirmed() {
		return status == Status.CONFIRMED;
	}

}
