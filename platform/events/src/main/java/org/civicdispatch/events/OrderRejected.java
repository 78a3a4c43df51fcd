package org.civicdispatch.events;

import java.util.UUID;

/**
 * 退单: the dispatched team turned the order down, or let its accept deadline pass
 * ({@code timedOut}). Either way the team is never offered this order again.
 */
public record OrderRejected(UUID orderId, UUID teamId, String reason, boolean timedOut) implements OrderEvent {
}
