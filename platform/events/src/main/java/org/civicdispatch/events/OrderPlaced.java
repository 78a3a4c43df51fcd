package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/** 群众点单: a resident ordered a service at a station. */
public record OrderPlaced(UUID orderId, UUID residentId, String category, UUID stationId, String title,
		Instant preferredTime) implements OrderEvent {
}
