package org.civicdispatch.volunteer.activity;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An activity (活动) as stored, with its counts of confirmed and waitlisted sign-ups. It is
 * also the API's {@code ActivityView}. {@code signupDeadline} defaults to
 * {@code startsAt}.
 */
@Schema(name = "ActivityView")
record Activity(UUID id, String title, String description, String category, UUID orgUnitId, String orgUnitName,
		String place, Instant startsAt, Instant endsAt, int capacity, Instant signupDeadline, Status status,
		long confirmed, long waitlisted, Instant createdAt, Instant completedAt) {

	public enum Status {

		PUBLISHED, COMPLETED

	}

	boolean completed() {
		return status == Status.COMPLETED;
	}

}
