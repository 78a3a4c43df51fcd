package org.civicdispatch.points.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.civicdispatch.events.RedemptionCancelled;
import org.civicdispatch.events.RedemptionFulfilled;
import org.civicdispatch.events.RedemptionReserved;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.points.ledger.Ledger;
import org.civicdispatch.points.ledger.LedgerTransaction;
import org.civicdispatch.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs each change of a redemption as one R2DBC transaction: lock the row, apply the
 * change, write the redemption, and carry out what it caused (the ledger transaction, the
 * stock, the outbox event). Rows are locked in one order everywhere (redemption, then
 * ledger accounts, then the item) so concurrent redemptions, cancellations and the expiry
 * sweep never deadlock.
 */
@Component
class RedemptionStore {

	private static final Logger log = LoggerFactory.getLogger(RedemptionStore.class);

	private final RedemptionRepository redemptions;

	private final StoreItems items;

	private final Ledger ledger;

	private final Outbox outbox;

	private final TransactionalOperator tx;

	RedemptionStore(RedemptionRepository redemptions, StoreItems items, Ledger ledger, Outbox outbox,
			TransactionalOperator tx) {
		this.redemptions = redemptions;
		this.items = items;
		this.ledger = ledger;
		this.outbox = outbox;
		this.tx = tx;
	}

	/**
	 * A change computed from the locked redemption; it may read other data (who may do
	 * it) first.
	 */
	interface Transition extends Function<Redemption, Mono<List<RedemptionChange>>> {

	}

	/** The redemption after a committed change, with what the change caused. */
	record Changed(Redemption redemption, List<RedemptionChange> changes) {
	}

	/** 404 when it does not exist. */
	Mono<Redemption> find(UUID id) {
		return redemptions.find(id).switchIfEmpty(Mono.error(RedemptionStore::missing));
	}

	/**
	 * Inserts a new redemption and carries out what it causes; runs in the caller's
	 * transaction, as the last thing it does.
	 */
	Mono<Redemption> create(Redemption.Reservation reservation) {
		Redemption redemption = reservation.redemption();
		return redemptions.insert(redemption)
			.then(carryOut(redemption, reservation.changes()))
			.then(find(redemption.id()));
	}

	/** Changes the redemption, waiting for its row lock; 404 when it does not exist. */
	Mono<Changed> change(UUID id, Transition transition) {
		return tx.transactional(redemptions.lock(id)
			.switchIfEmpty(Mono.error(RedemptionStore::missing))
			.flatMap(redemption -> transition.apply(redemption).flatMap(changes -> commit(redemption, changes))));
	}

	/**
	 * Expires the reservation longest past its deadline at {@code now} that no other
	 * transaction (maybe another instance) holds, in a transaction of its own; empty when
	 * there is none.
	 */
	Mono<Redemption> expireNext(Instant now) {
		return tx.transactional(redemptions.lockNextExpired(now)
			.flatMap(redemption -> commit(redemption, redemption.expire(now)))
			.map(Changed::redemption));
	}

	private Mono<Changed> commit(Redemption redemption, List<RedemptionChange> changes) {
		return redemptions.update(redemption)
			.then(carryOut(redemption, changes))
			.then(find(redemption.id()))
			.map(stored -> new Changed(stored, changes));
	}

	private Mono<Void> carryOut(Redemption r, List<RedemptionChange> changes) {
		return Flux.fromIterable(changes).concatMap(change -> switch (change) {
			case RedemptionChange.Reserved reserved -> ledger
				.post(LedgerTransaction.redeem(r.id(), r.userId(), r.pointsSpent(),
						"兑换 %s × %d".formatted(r.itemName(), r.quantity())))
				.then(items.take(r.itemId(), r.quantity()))
				.then(outbox.append(new RedemptionReserved(r.id(), r.userId(), r.itemId(), r.stationId(), r.quantity(),
						r.pointsSpent(), r.expiresAt())));
			case RedemptionChange.Fulfilled fulfilled ->
				outbox.append(new RedemptionFulfilled(r.id(), r.userId(), r.itemId(), r.stationId(), fulfilled.by()));
			case RedemptionChange.PickupRefused refused -> Mono.<Void>empty();
			case RedemptionChange.Cancelled cancelled -> ledger
				.post(LedgerTransaction.refund(r.id(), r.userId(), r.pointsSpent(),
						cancelled.expired() ? "兑换过期，积分退回" : "取消兑换，积分退回", cancelled.by()))
				.then(items.putBack(r.itemId(), r.quantity()))
				.then(outbox.append(new RedemptionCancelled(r.id(), r.userId(), r.itemId(), r.pointsSpent(),
						cancelled.expired(), cancelled.by())))
				.doOnSuccess(done -> log.info("Redemption {} cancelled{}, {} points refunded", r.id(),
						cancelled.expired() ? " (expired)" : "", r.pointsSpent()));
		}).then();
	}

	private static NotFoundException missing() {
		return new NotFoundException("找不到该兑换记录");
	}

}
