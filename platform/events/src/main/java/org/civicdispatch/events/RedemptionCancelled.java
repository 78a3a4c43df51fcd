package org.civicdispatch.events;

import java.util.UUID;

/**
 * A reservation ended without pickup: cancelled by the volunteer or staff
 * ({@code cancelledBy}), or expired ({@code expired}, {@code cancelledBy} null). The
 * points were refunded and the stock restored.
 */
public record RedemptionCancelled(UUID redemptionId, UUID userId, UUID itemId, long pointsRefunded, boolean expired,
		UUID cancelledBy) implements PointsEvent {

	@Override
	public UUID aggregateId() {
		return redemptionId;
	}

}
