package org.civicdispatch.events;

import java.util.UUID;

/** The team checked in and the service is under way. */
public record OrderStarted(UUID orderId, UUID teamId, UUID startedBy) implements OrderEvent {
}
