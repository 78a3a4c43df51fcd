package org.civicdispatch.order.serviceorder;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.civicdispatch.messaging.AfterCommit;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.order.team.TeamRepository;
import org.civicdispatch.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs one change of one order as one transaction: lock the row, apply the transition,
 * write the order, give back the capacity slot its team no longer needs, and append the
 * integration events to the outbox. A team slot is taken only by the dispatcher
 * ({@link TeamRepository#claimSlot}); every transition that takes an order out of an open
 * status frees it here, so the count cannot drift. Last in each transaction the change
 * goes to the live-update feed.
 */
@Component
public class OrderStore {

	private final OrderRepository orders;

	private final TeamRepository teams;

	private final Outbox outbox;

	private final OrderChangeFeed feed;

	private final TransactionalOperator tx;

	private final ObjectProvider<DispatchTrigger> dispatch;

	private final OrderMetrics metrics;

	/**
	 * The trigger comes lazily: the dispatcher itself changes orders through this store.
	 */
	public OrderStore(OrderRepository orders, TeamRepository teams, Outbox outbox, OrderChangeFeed feed,
			TransactionalOperator tx, ObjectProvider<DispatchTrigger> dispatch, OrderMetrics metrics) {
		this.orders = orders;
		this.teams = teams;
		this.outbox = outbox;
		this.feed = feed;
		this.tx = tx;
		this.dispatch = dispatch;
		this.metrics = metrics;
	}

	/**
	 * A transition computed from the locked order; it may read other data and may cause
	 * no change at all.
	 */
	public interface Transition extends Function<ServiceOrder, Mono<List<OrderChange>>> {

	}

	/** Changes the order, waiting for its row lock; 404 when it does not exist. */
	public Mono<ServiceOrder> change(UUID orderId, Transition transition) {
		return run(orders.lock(orderId).switchIfEmpty(Mono.error(() -> new NotFoundException("订单不存在"))), transition);
	}

	/**
	 * Changes the order unless another transaction holds it right now (then empty): for
	 * sweeps and the dispatcher.
	 */
	public Mono<ServiceOrder> changeIfFree(UUID orderId, Transition transition) {
		return run(orders.lockIfFree(orderId), transition);
	}

	private Mono<ServiceOrder> run(Mono<ServiceOrder> locked, Transition transition) {
		return tx.transactional(locked.flatMap(order -> {
			UUID occupiedBefore = order.occupiedTeam();
			return transition.apply(order).flatMap(changes -> commit(order, occupiedBefore, changes));
		})).onErrorMap(OrderProblems::translate).doOnNext(this::afterCommit).map(Committed::order);
	}

	private Mono<Committed> commit(ServiceOrder order, UUID occupiedBefore, List<OrderChange> changes) {
		if (changes.isEmpty()) {
			return Mono.just(new Committed(order, changes, false));
		}
		boolean frees = occupiedBefore != null && !Objects.equals(occupiedBefore, order.occupiedTeam());
		return orders.update(order)
			.then(frees ? teams.releaseSlot(occupiedBefore) : Mono.empty())
			.then(outbox.appendAll(OrderEventMapper.toIntegrationEvents(order, changes)))
			.then(feed.append(order, changes))
			.thenReturn(new Committed(order, changes, frees));
	}

	/**
	 * Inserts a new order with its events; runs in the caller's transaction, as the last
	 * thing it does. It is counted once that transaction commits.
	 */
	public Mono<Void> create(ServiceOrder order, List<OrderChange> changes) {
		return orders.insert(order)
			.then(outbox.appendAll(OrderEventMapper.toIntegrationEvents(order, changes)))
			.then(feed.append(order, changes))
			.then(AfterCommit.run(() -> metrics.placed(order)));
	}

	private void afterCommit(Committed committed) {
		metrics.changed(committed.order(), committed.changes());
		if (committed.freedSlot()) {
			dispatch.getObject().capacityFreed();
		}
	}

	private record Committed(ServiceOrder order, List<OrderChange> changes, boolean freedSlot) {
	}

}
