package org.civicdispatch.events;

import java.util.UUID;

/** No eligible team could take the order; it waits on the staff board. */
public record OrderUnassigned(UUID orderId, UUID stationId, String category) implements OrderEvent {
}
