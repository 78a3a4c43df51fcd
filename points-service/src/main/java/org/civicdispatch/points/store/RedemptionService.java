package org.civicdispatch.points.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.messaging.IdempotencyKeys;
import org.civicdispatch.points.ledger.PointsMetrics;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * 以分换物: who may redeem, fulfil (核销), cancel and read redemptions, Idempotency-Keys, and
 * what is counted once a change has committed. The {@link Redemption} decides,
 * {@link RedemptionStore} runs the transaction.
 */
@Service
class RedemptionService {

	/**
	 * The status a redemption is created with, and a repeat of its Idempotency-Key
	 * answered with.
	 */
	private static final int CREATED = 201;

	private final RedemptionStore store;

	private final RedemptionRepository redemptions;

	private final StoreItems items;

	private final IdempotencyKeys idempotencyKeys;

	private final TransactionalOperator tx;

	private final StoreProperties properties;

	private final MeterRegistry meters;

	private final PointsMetrics points;

	private final Clock clock;

	RedemptionService(RedemptionStore store, RedemptionRepository redemptions, StoreItems items,
			IdempotencyKeys idempotencyKeys, TransactionalOperator tx, StoreProperties properties, MeterRegistry meters,
			PointsMetrics points, Clock clock) {
		this.store = store;
		this.redemptions = redemptions;
		this.items = items;
		this.idempotencyKeys = idempotencyKeys;
		this.tx = tx;
		this.properties = properties;
		this.meters = meters;
		this.points = points;
		this.clock = clock;
	}

	/**
	 * Debits the points and reserves the stock at once. With an idempotency key, a repeat
	 * with the same item and quantity answers the first redemption as it is now and
	 * changes nothing; the same key for anything else is a 409. Keys are remembered for
	 * {@code civic.idempotency.retention}.
	 */
	Mono<Redemption> redeem(CurrentUser user, UUID itemId, int quantity, String idempotencyKey) {
		if (!user.hasRole(CurrentUser.VOLUNTEER)) {
			return Mono.error(new ForbiddenException("只有注册志愿者可以兑换商品"));
		}
		Instant now = now();
		UUID id = UUID.randomUUID();
		// the item is named in the body: one that does not exist is a bad request, not a
		// missing resource
		Mono<Answer> create = items.find(itemId)
			.onErrorMap(NotFoundException.class, missing -> BadRequestException.field("itemId", "找不到该商品"))
			.flatMap(item -> store.create(Redemption.reserve(id, user.id(), item, quantity, PickupCode.generate(), now,
					properties.reservationTtl())))
			.map(redemption -> new Answer(redemption, true));
		Mono<Answer> answer;
		if (idempotencyKey == null) {
			answer = tx.transactional(create);
		}
		else {
			// a repeat while the first is still running waits on the key, then finds it
			String hash = requestHash(itemId, quantity);
			answer = tx.transactional(idempotencyKeys.reserve(user.id(), idempotencyKey, hash, now, id, CREATED, null)
				.flatMap(fresh -> fresh ? create : replay(user.id(), idempotencyKey, hash)));
		}
		return answer.doOnSuccess(done -> {
			if (done.created()) {
				counted("reserved", 1);
				points.redeemed(done.redemption().pointsSpent());
			}
		}).map(Answer::redemption);
	}

	private Mono<Answer> replay(UUID userId, String key, String hash) {
		return idempotencyKeys.find(userId, key).flatMap(stored -> {
			if (!stored.requestHash().equals(hash)) {
				return Mono.error(new ConflictException("该幂等键已用于另一项兑换"));
			}
			return store.find(stored.resourceId());
		}).map(redemption -> new Answer(redemption, false));
	}

	/**
	 * 核销: STAFF over the item's station (or ADMIN) hands over the goods against the right
	 * code; never to themselves. A wrong code is counted (committed) before the caller
	 * hears it was wrong.
	 */
	Mono<Redemption> fulfil(CurrentUser user, UUID id, String pickupCode) {
		int maxAttempts = properties.maxPickupAttempts();
		return store
			.change(id,
					redemption -> requireNotOwn(user, redemption).then(requireStaffOver(user, redemption))
						.then(Mono.fromCallable(() -> redemption.fulfil(pickupCode, user.id(), now(), maxAttempts))))
			.flatMap(changed -> Flux.fromIterable(changed.changes())
				.ofType(RedemptionChange.PickupRefused.class)
				.next()
				.doOnNext(refused -> counted("wrong_code", 1))
				.flatMap(refused -> Mono.<Redemption>error(new WrongPickupCodeException(refused.attemptsLeft())))
				.switchIfEmpty(Mono.fromSupplier(() -> {
					counted("fulfilled", 1);
					return changed.redemption();
				})));
	}

	/**
	 * The volunteer, STAFF over the station or ADMIN cancel a reserved redemption: points
	 * refunded, stock restored.
	 */
	Mono<Redemption> cancel(CurrentUser user, UUID id) {
		return store.change(id, redemption -> {
			Mono<Void> allowed = redemption.isOwnedBy(user.id()) ? Mono.empty() : requireStaffOver(user, redemption);
			return allowed.then(Mono.fromCallable(() -> redemption.cancel(user.id(), now())));
		}).map(changed -> {
			counted("cancelled", 1);
			points.refunded(changed.redemption().pointsSpent());
			return changed.redemption();
		});
	}

	/**
	 * Cancels at most {@code max} expired reservations, each in its own transaction; safe
	 * on several instances.
	 */
	Mono<Long> expireDue(int max) {
		Mono<Boolean> expireOne = Mono.defer(() -> store.expireNext(now()))
			.doOnNext(expired -> points.refunded(expired.pointsSpent()))
			.map(expired -> true)
			.defaultIfEmpty(false);
		return Flux.range(0, max)
			.concatMap(i -> expireOne)
			.takeWhile(Boolean::booleanValue)
			.count()
			.doOnSuccess(expired -> counted("expired", expired));
	}

	Mono<Redemption> get(CurrentUser user, UUID id) {
		return store.find(id)
			.flatMap(redemption -> redemption.isOwnedBy(user.id()) ? Mono.just(redemption)
					: requireStaffOver(user, redemption).thenReturn(redemption));
	}

	/**
	 * The caller's own redemptions with {@code mine}; otherwise, for STAFF those at
	 * stations in their scope, for ADMIN all, for anyone else their own.
	 */
	Mono<Page<Redemption>> list(CurrentUser user, boolean mine, UUID stationId, RedemptionStatus status,
			PageRequest page) {
		boolean own = mine || !(user.isAdmin() || user.isStaff());
		UUID[] scopes = own || user.isAdmin() ? null : user.staffScopes().toArray(UUID[]::new);
		return redemptions.list(own ? user.id() : null, scopes, stationId, status, page);
	}

	/**
	 * Counts redemptions by what happened to them ({@code civic.store.redemptions}),
	 * after the commit.
	 */
	private void counted(String outcome, long times) {
		if (times > 0) {
			meters.counter("civic.store.redemptions", "outcome", outcome).increment(times);
		}
	}

	private static Mono<Void> requireNotOwn(CurrentUser user, Redemption redemption) {
		return redemption.isOwnedBy(user.id()) ? Mono.error(new ForbiddenException("不能核销自己的兑换，请由其他工作人员核销"))
				: Mono.empty();
	}

	private Mono<Void> requireStaffOver(CurrentUser user, Redemption redemption) {
		return items.requireStaffOver(user, redemption.stationId());
	}

	/**
	 * Now, to the microsecond PostgreSQL keeps: what is answered is what a later read
	 * finds.
	 */
	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	static String requestHash(UUID itemId, int quantity) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((itemId + ":" + quantity).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A redemption answered, and whether this request created it (a repeat of a key is
	 * not counted again).
	 */
	private record Answer(Redemption redemption, boolean created) {
	}

}
