package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/** 活动报名: staff published an activity of their unit that volunteers may sign up for. */
public record ActivityPublished(UUID activityId, UUID orgUnitId, String category, String title, Instant startsAt,
		Instant endsAt, int capacity) implements VolunteerEvent {

	@Override
	public UUID aggregateId() {
		return activityId;
	}

}
