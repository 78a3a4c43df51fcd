package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/** 督办: staff urged the team that has an open order to get on with it. */
public record OrderUrged(UUID orderId, UUID teamId, UUID stationId, UUID urgedBy, String note,
		Instant at) implements OrderEvent {
}
