package org.civicdispatch.events;

import java.util.List;
import java.util.UUID;

/** The leader reported the work done, with the hours each assigned volunteer served. */
public record OrderCompleted(UUID orderId, UUID teamId, String summary,
		List<VolunteerHours> hours) implements OrderEvent {

	public OrderCompleted {
		hours = List.copyOf(hours);
	}

}
