package org.civicdispatch.events;

import java.time.Instant;
import java.util.UUID;

/** 以分换物: points were debited and stock reserved until pickup or {@code expiresAt}. */
public record RedemptionReserved(UUID redemptionId, UUID userId, UUID itemId, UUID stationId, int quantity,
		long pointsSpent, Instant expiresAt) implements PointsEvent {

	@Override
	public UUID aggregateId() {
		return redemptionId;
	}

}
