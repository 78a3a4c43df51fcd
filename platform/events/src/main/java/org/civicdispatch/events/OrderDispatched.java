package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/**
 * 平台派单: the order went to one team, which must accept before {@code acceptDeadline}.
 * {@code dispatchedBy} is the staff member who dispatched by hand, or {@code null} for
 * the automatic dispatcher.
 */
public record OrderDispatched(UUID orderId, UUID teamId, UUID stationId, String category, Instant acceptDeadline,
		UUID dispatchedBy) implements OrderEvent {
}
