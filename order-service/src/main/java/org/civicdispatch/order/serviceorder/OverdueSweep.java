package org.civicdispatch.order.serviceorder;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.civicdispatch.messaging.Sweep;
import org.civicdispatch.messaging.SweepProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * 督办: flags accepted orders past their due time and raises {@code OrderOverdue} once per
 * order.
 */
@Component
class OverdueSweep implements Sweep {

	private final OrderRepository orders;

	private final OrderStore store;

	private final SweepProperties sweep;

	private final Clock clock;

	OverdueSweep(OrderRepository orders, OrderStore store, SweepProperties sweep, Clock clock) {
		this.orders = orders;
		this.store = store;
		this.sweep = sweep;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		Instant now = clock.instant();
		return orders.findPastDue(now, sweep.batchSize())
			.concatMap(id -> store.changeIfFree(id,
					order -> Mono.just(order.isPastDue(now) ? order.markOverdue(now) : List.<OrderChange>of())))
			.then();
	}

}
