package org.civicdispatch.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** 团队接单: the team's leader accepted and named the volunteers who will go. */
public record OrderAccepted(UUID orderId, UUID teamId, List<UUID> volunteerIds, Instant dueAt) implements OrderEvent {

	public OrderAccepted {
		volunteerIds = List.copyOf(volunteerIds);
	}

}
