package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/**
 * 申诉: the resident disagrees with how an evaluated order was judged; staff who did not
 * serve on it decide.
 */
public record OrderAppealed(UUID orderId, UUID teamId, UUID stationId, UUID appealedBy, String reason,
		Instant at) implements OrderEvent {
}
