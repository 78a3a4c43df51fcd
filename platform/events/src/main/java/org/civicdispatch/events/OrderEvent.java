package org.civicdispatch.events;

import java.util.UUID;

/**
 * Facts about a service order, published by order-service on {@link Topics#ORDER_EVENTS}.
 */
public sealed interface OrderEvent extends IntegrationEvent
		permits OrderPlaced, OrderDispatched, OrderRejected, OrderUnassigned, OrderAccepted, OrderStarted,
		OrderCompleted, OrderEvaluated, OrderCancelled, OrderOverdue, OrderUrged, OrderAppealed, AppealDecided {

	UUID orderId();

	@Override
	default UUID aggregateId() {
		return orderId();
	}

}
