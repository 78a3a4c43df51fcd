package org.civicdispatch.events;

import java.util.UUID;

/**
 * An administrator credited ({@code amount} > 0) or debited a volunteer's points, with a
 * reason.
 */
public record PointsAdjusted(UUID userId, long amount, String reason, UUID adjustedBy,
		UUID transactionId) implements PointsEvent {

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
