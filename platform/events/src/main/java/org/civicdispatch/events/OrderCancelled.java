package org.civicdispatch.events;

import java.util.UUID;

/**
 * The resident cancelled the order; {@code teamId} is the team it was dispatched to, if
 * any.
 */
public record OrderCancelled(UUID orderId, UUID teamId, UUID cancelledBy, String reason) implements OrderEvent {
}
