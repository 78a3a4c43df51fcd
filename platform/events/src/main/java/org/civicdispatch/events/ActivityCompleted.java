package org.civicdispatch.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * 活动报名: staff completed an activity; each attendee has a service record with these hours.
 * points-service awards each attendee once (rating factor 1.0). No-shows are not listed.
 */
public record ActivityCompleted(UUID activityId, UUID orgUnitId, String category, String title,
		List<Attendee> attendees) implements VolunteerEvent {

	public ActivityCompleted {
		attendees = List.copyOf(attendees);
	}

	@Override
	public UUID aggregateId() {
		return activityId;
	}

	/** A volunteer who attended, with the hours recorded for them. */
	public record Attendee(UUID volunteerId, BigDecimal hours) {
	}

}
