package org.civicdispatch.order.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.civicdispatch.messaging.Sweep;
import org.civicdispatch.messaging.SweepProperties;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderRepository;
import org.civicdispatch.order.serviceorder.OrderStore;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Closes orders that staff reviewed when the resident has not rated within the window.
 */
@Component
class ResidentWindowSweep implements Sweep {

	private final OrderRepository orders;

	private final OrderStore store;

	private final EvaluationProperties properties;

	private final SweepProperties sweep;

	private final Clock clock;

	ResidentWindowSweep(OrderRepository orders, OrderStore store, EvaluationProperties properties,
			SweepProperties sweep, Clock clock) {
		this.orders = orders;
		this.store = store;
		this.properties = properties;
		this.sweep = sweep;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		Instant now = clock.instant();
		return orders.findStaffRatedOnly(now.minus(properties.residentWindow()), sweep.batchSize())
			.concatMap(id -> store.changeIfFree(id,
					order -> Mono.just(order.canCloseWithoutResident(properties.residentWindow(), now)
							? order.finaliseWithoutResident(properties.residentWindow(), now)
							: List.<OrderChange>of())))
			.then();
	}

}
