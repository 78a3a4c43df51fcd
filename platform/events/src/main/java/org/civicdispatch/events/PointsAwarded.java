package org.civicdispatch.events;

import java.util.UUID;

/**
 * 以行积分: a volunteer earned points for an evaluated order ({@code orderId}) or a completed
 * activity ({@code activityId}, absent from events published before activities).
 */
public record PointsAwarded(UUID userId, UUID orderId, long points, UUID transactionId,
		UUID activityId) implements PointsEvent {

	/** An award for an order. */
	public PointsAwarded(UUID userId, UUID orderId, long points, UUID transactionId) {
		this(userId, orderId, points, transactionId, null);
	}

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
