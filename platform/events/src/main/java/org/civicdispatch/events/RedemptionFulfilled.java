package org.civicdispatch.events;

import java.util.UUID;

/** 核销: staff checked the pickup code and handed over the goods. */
public record RedemptionFulfilled(UUID redemptionId, UUID userId, UUID itemId, UUID stationId,
		UUID fulfilledBy) implements PointsEvent {

	@Override
	public UUID aggregateId() {
		return redemptionId;
	}

}
