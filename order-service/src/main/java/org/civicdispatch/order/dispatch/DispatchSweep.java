package org.civicdispatch.order.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.civicdispatch.messaging.Sweep;
import org.civicdispatch.messaging.SweepProperties;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderRepository;
import org.civicdispatch.order.serviceorder.OrderStatus;
import org.civicdispatch.order.serviceorder.OrderStore;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The dispatcher's timers: an accept deadline that passed returns the order (as a
 * timed-out rejection) and dispatches it again; orders still waiting for a team (placed
 * while every instance was busy or down, or unassigned) are offered again, oldest first.
 */
@Component
class DispatchSweep implements Sweep {

	private final OrderRepository orders;

	private final OrderStore store;

	private final Dispatcher dispatcher;

	private final DispatchCandidates candidates;

	private final SweepProperties sweep;

	private final Clock clock;

	DispatchSweep(OrderRepository orders, OrderStore store, Dispatcher dispatcher, DispatchCandidates candidates,
			SweepProperties sweep, Clock clock) {
		this.orders = orders;
		this.store = store;
		this.dispatcher = dispatcher;
		this.candidates = candidates;
		this.sweep = sweep;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		return expireAcceptDeadlines().then(offerWaitingOrders());
	}

	Mono<Void> expireAcceptDeadlines() {
		Instant now = clock.instant();
		return orders.findExpiredAcceptDeadlines(now, sweep.batchSize())
			.concatMap(id -> store
				.changeIfFree(id,
						order -> Mono.just(order.status() == OrderStatus.DISPATCHED && order.acceptDeadline() != null
								&& !now.isBefore(order.acceptDeadline()) ? order.timeOut(now) : List.<OrderChange>of()))
				.then(dispatcher.dispatchIfFree(id)))
			.then();
	}

	Mono<Void> offerWaitingOrders() {
		return candidates.waitingOrders(clock.instant(), sweep.batchSize())
			.concatMap(dispatcher::dispatchIfFree)
			.then();
	}

}
