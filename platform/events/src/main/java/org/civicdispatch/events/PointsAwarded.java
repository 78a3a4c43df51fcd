package org.civicdispatch.events;

import java.util.UUID;

/** 以行积分: a volunteer earned points for an evaluated order. */
public record PointsAwarded(UUID userId, UUID orderId, long points, UUID transactionId) implements PointsEvent {

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
