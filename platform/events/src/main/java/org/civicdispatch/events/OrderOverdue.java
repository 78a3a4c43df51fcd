package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/** 督办: an accepted order passed its due time (限时办结) without being completed. */
public record OrderOverdue(UUID orderId, UUID teamId, UUID stationId, Instant dueAt) implements OrderEvent {
}
