package org.civicdispatch.events;

/**
 * Facts about the points ledger and the store, published by points-service on
 * {@link Topics#POINTS_EVENTS}.
 */
public sealed interface PointsEvent extends IntegrationEvent
		permits PointsAwarded, PointsAdjusted, RedemptionReserved, RedemptionFulfilled, RedemptionCancelled {

}
