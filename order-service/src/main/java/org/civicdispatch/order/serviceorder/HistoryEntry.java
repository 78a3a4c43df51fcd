package org.civicdispatch.order.serviceorder;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of an order's history: the status after the action, who did it
 * ({@code actorId} is {@code null} for the platform itself), the team it concerned if
 * any, and why.
 */
record HistoryEntry(OrderStatus status, OrderAction action, Instant at, UUID actorId, UUID teamId, String note) {
}
