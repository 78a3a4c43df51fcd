package org.civicdispatch.points.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import org.civicdispatch.events.RedemptionCancelled;
import org.civicdispatch.events.RedemptionFulfilled;
import org.civicdispatch.events.RedemptionReserved;
import org.civicdispatch.messaging.AfterCommit;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.points.PageResponse;
import org.civicdispatch.points.ledger.Ledger;
import org.civicdispatch.points.ledger.LedgerTransaction;
import org.civicdispatch.points.ledger.PointsMetrics;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 以分换物. Every change is one R2DBC transaction holding the redemption, its ledger transaction,
 * the stock change and the outbox event. Rows are locked in one order everywhere (redemption,
 * then ledger accounts, then the item) so concurrent redemptions, cancellations and the expiry
 * sweep never deadlock.
 */
@Component
class Redemptions {

	private static final Logger log = LoggerFactory.getLogger(Redemptions.class);

	private static final String SELECT = """
			SELECT r.id, r.user_id, r.item_id, i.name AS item_name, r.station_id, r.quantity, r.points_spent, r.status,
			  r.pickup_code, r.failed_attempts, r.expires_at, r.created_at, r.fulfilled_at, r.fulfilled_by,
			  r.cancelled_at, r.cancelled_by, r.expired, r.request_hash
			FROM redemption r JOIN store_item i ON i.id = r.item_id
			""";

	private final DatabaseClient db;

	private final Ledger ledger;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	private final StoreItems items;

	private final StoreProperties properties;

	private final MeterRegistry meters;

	private final PointsMetrics points;

	private final Clock clock;

	Redemptions(DatabaseClient db, Ledger ledger, Outbox outbox, TransactionalOperator transactions, StoreItems items,
			StoreProperties properties, MeterRegistry meters, PointsMetrics points) {
		this.db = db;
		this.ledger = ledger;
		this.outbox = outbox;
		this.transactions = transactions;
		this.items = items;
		this.properties = properties;
		this.meters = meters;
		this.points = points;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Debits the points and reserves the stock at once. With an idempotency key, a repeat with
	 * the same item and quantity answers the first redemption and changes nothing; the same key
	 * for anything else is a 409.
	 */
	Mono<Redemption> redeem(CurrentUser user, UUID itemId, int quantity, String idempotencyKey) {
		if (!user.hasRole(CurrentUser.VOLUNTEER)) {
			return Mono.error(new ForbiddenException("只有注册志愿者可以兑换商品"));
		}
		String requestHash = requestHash(itemId, quantity);
		Mono<Redemption> create = transactions
			.transactional(reserve(user.id(), itemId, quantity, idempotencyKey, requestHash))
			.doOnSuccess(reserved -> {
				counted("reserved", 1);
				if (reserved != null) {
					points.redeemed(reserved.pointsSpent());
				}
			});
		if (idempotencyKey == null) {
			return create;
		}
		Mono<Redemption> earlier = byIdempotencyKey(user.id(), idempotencyKey).map(found -> {
			if (!found.requestHash().equals(requestHash)) {
				throw new ConflictException("该幂等键已用于另一项兑换");
			}
			return found;
		});
		// two requests with one key at once: the second waits on the first's insert, fails, and answers the first
		return earlier.switchIfEmpty(create.onErrorResume(Redemptions::isIdempotencyKeyTaken, taken -> earlier));
	}

	private Mono<Redemption> reserve(UUID userId, UUID itemId, int quantity, String idempotencyKey,
			String requestHash) {
		// the item is named in the body: one that does not exist is a bad request, not a missing resource
		Mono<StoreItem> named = items.find(itemId)
			.onErrorMap(NotFoundException.class, missing -> BadRequestException.field("itemId", "找不到该商品"));
		return named.flatMap(item -> {
			if (!item.active()) {
				return Mono.error(new ConflictException("该商品已下架"));
			}
			long points = Math.multiplyExact(item.pointsCost(), (long) quantity);
			UUID id = UUID.randomUUID();
			String memo = "兑换 %s × %d".formatted(item.name(), quantity);
			return db.sql("""
					INSERT INTO redemption (id, user_id, item_id, station_id, quantity, points_spent, status,
					  pickup_code, expires_at, idempotency_key, request_hash)
					VALUES (:id, :user, :item, :station, :quantity, :points, 'RESERVED', :code,
					  now() + make_interval(secs => :ttl), :key, :hash)""")
				.bind("id", id)
				.bind("user", userId)
				.bind("item", itemId)
				.bind("station", item.stationId())
				.bind("quantity", quantity)
				.bind("points", points)
				.bind("code", PickupCode.generate())
				.bind("ttl", (double) properties.reservationTtl().toMillis() / 1000)
				.bind("key", Parameter.fromOrEmpty(idempotencyKey, String.class))
				.bind("hash", requestHash)
				.then()
				.then(ledger.post(LedgerTransaction.redeem(id, userId, points, memo)))
				.then(db.sql("""
						UPDATE store_item SET stock = stock - :quantity, updated_at = now()
						WHERE id = :id AND active AND stock >= :quantity RETURNING stock""")
					.bind("quantity", quantity)
					.bind("id", itemId)
					.map(row -> row.get("stock", Integer.class))
					.one()
					.switchIfEmpty(Mono.error(() -> new ConflictException("库存不足"))))
				.then(find(id))
				.flatMap(redemption -> outbox
					.append(new RedemptionReserved(id, userId, itemId, item.stationId(), quantity, points,
							redemption.expiresAt()))
					.thenReturn(redemption));
		});
	}

	/**
	 * 核销: STAFF over the item's station (or ADMIN) hands over the goods against the right code;
	 * never to themselves.
	 */
	Mono<Redemption> fulfil(CurrentUser user, UUID id, String pickupCode) {
		int maxAttempts = properties.maxPickupAttempts();
		return transactions.transactional(lock(id).flatMap(redemption -> requireNotOwn(user, redemption)
			.then(requireStaffOver(user, redemption))
			.then(Mono.defer(() -> switch (redemption.checkPickup(pickupCode, clock.instant(), maxAttempts)) {
				case ACCEPTED -> db.sql("""
						UPDATE redemption SET status = 'FULFILLED', fulfilled_at = now(), fulfilled_by = :by
						WHERE id = :id""")
					.bind("by", user.id())
					.bind("id", id)
					.then()
					.then(outbox.append(new RedemptionFulfilled(id, redemption.userId(), redemption.itemId(),
							redemption.stationId(), user.id())))
					.then(find(id))
					.map(Outcome::done);
				case WRONG_CODE -> db.sql("UPDATE redemption SET failed_attempts = failed_attempts + 1 WHERE id = :id")
					.bind("id", id)
					.then()
					.thenReturn(Outcome.wrongCode(redemption.attemptsLeftAfterWrongCode(maxAttempts)));
			}))))
			// the failed attempt is counted (committed) before the caller hears the code was wrong
			.doOnSuccess(outcome -> counted(outcome.redemption() != null ? "fulfilled" : "wrong_code", 1))
			.flatMap(Outcome::answer);
	}

	/** The volunteer, STAFF over the station or ADMIN cancel a reserved redemption: points refunded, stock restored. */
	Mono<Redemption> cancel(CurrentUser user, UUID id) {
		return transactions.transactional(lock(id).flatMap(redemption -> {
			Mono<Void> allowed = redemption.isOwnedBy(user.id()) ? Mono.empty() : requireStaffOver(user, redemption);
			return allowed.then(Mono.fromRunnable(redemption::requireCancellable))
				.then(cancelLocked(redemption, user.id(), false));
		})).doOnSuccess(cancelled -> counted("cancelled", 1));
	}

	/** Cancels at most {@code max} expired reservations, each in its own transaction; safe on several instances. */
	Mono<Long> expireDue(int max) {
		Mono<Boolean> expireOne = transactions.transactional(db.sql(SELECT + """
				WHERE r.status = 'RESERVED' AND r.expires_at <= now()
				ORDER BY r.expires_at LIMIT 1
				FOR UPDATE OF r SKIP LOCKED""")
			.map(Redemptions::redemption)
			.one()
			.flatMap(redemption -> cancelLocked(redemption, null, true))
			.map(cancelled -> true))
			.defaultIfEmpty(false);
		return Flux.range(0, max)
			.concatMap(i -> expireOne)
			.takeWhile(Boolean::booleanValue)
			.count()
			.doOnSuccess(expired -> counted("expired", expired));
	}

	Mono<Redemption> get(CurrentUser user, UUID id) {
		return find(id).flatMap(redemption -> redemption.isOwnedBy(user.id()) ? Mono.just(redemption)
				: requireStaffOver(user, redemption).thenReturn(redemption));
	}

	/**
	 * The caller's own redemptions with {@code mine}; otherwise, for STAFF those at stations in
	 * their scope, for ADMIN all, for anyone else their own.
	 */
	Mono<PageResponse<Redemption>> list(CurrentUser user, boolean mine, UUID stationId, RedemptionStatus status,
			PageResponse.Request page) {
		List<String> where = new ArrayList<>();
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (mine || !(user.isAdmin() || user.isStaff())) {
			where.add("r.user_id = :user");
			parameters.put("user", user.id());
		}
		else if (!user.isAdmin()) {
			where.add("(r.station_id = ANY (:scopes) OR EXISTS (SELECT 1 FROM org_unit o "
					+ "WHERE o.id = r.station_id AND o.ancestor_ids && :scopes))");
			parameters.put("scopes", user.staffScopes().toArray(UUID[]::new));
		}
		if (stationId != null) {
			where.add("r.station_id = :station");
			parameters.put("station", stationId);
		}
		if (status != null) {
			where.add("r.status = :status");
			parameters.put("status", status.name());
		}
		String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
		var rows = db.sql(SELECT + condition + " ORDER BY r.created_at DESC, r.id LIMIT :limit OFFSET :offset");
		var count = db.sql("SELECT count(*) AS n FROM redemption r" + condition);
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			rows = rows.bind(parameter.getKey(), parameter.getValue());
			count = count.bind(parameter.getKey(), parameter.getValue());
		}
		Mono<Long> total = count.map(row -> row.get("n", Long.class)).one();
		return rows.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Redemptions::redemption)
			.all()
			.collectList()
			.zipWith(total, (found, n) -> new PageResponse<>(found, page.page(), page.size(), n));
	}

	private Mono<Redemption> cancelLocked(Redemption redemption, UUID by, boolean expired) {
		UUID id = redemption.id();
		String memo = expired ? "兑换过期，积分退回" : "取消兑换，积分退回";
		return db.sql("""
				UPDATE redemption SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = :by, expired = :expired
				WHERE id = :id""")
			.bind("by", Parameter.fromOrEmpty(by, UUID.class))
			.bind("expired", expired)
			.bind("id", id)
			.then()
			.then(ledger.post(LedgerTransaction.refund(id, redemption.userId(), redemption.pointsSpent(), memo, by)))
			.then(db.sql("UPDATE store_item SET stock = stock + :quantity, updated_at = now() WHERE id = :item")
				.bind("quantity", redemption.quantity())
				.bind("item", redemption.itemId())
				.then())
			.then(outbox.append(new RedemptionCancelled(id, redemption.userId(), redemption.itemId(),
					redemption.pointsSpent(), expired, by)))
			.doOnSuccess(done -> log.info("Redemption {} cancelled{}, {} points refunded", id,
					expired ? " (expired)" : "", redemption.pointsSpent()))
			.then(AfterCommit.run(() -> points.refunded(redemption.pointsSpent())))
			.then(find(id));
	}

	/** Counts redemptions by what happened to them ({@code civic.store.redemptions}), after the commit. */
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

	private Mono<Redemption> find(UUID id) {
		return one(id, "");
	}

	/** The redemption, locked until the transaction ends. */
	private Mono<Redemption> lock(UUID id) {
		return one(id, " FOR UPDATE OF r");
	}

	private Mono<Redemption> one(UUID id, String lock) {
		return db.sql(SELECT + "WHERE r.id = :id" + lock)
			.bind("id", id)
			.map(Redemptions::redemption)
			.one()
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该兑换记录")));
	}

	private Mono<Redemption> byIdempotencyKey(UUID userId, String key) {
		return db.sql(SELECT + "WHERE r.user_id = :user AND r.idempotency_key = :key")
			.bind("user", userId)
			.bind("key", key)
			.map(Redemptions::redemption)
			.one();
	}

	private static boolean isIdempotencyKeyTaken(Throwable error) {
		return error instanceof DataIntegrityViolationException
				&& String.valueOf(error.getMessage()).contains("redemption_idempotency");
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

	private static Redemption redemption(Readable row) {
		return new Redemption(row.get("id", UUID.class), row.get("user_id", UUID.class),
				row.get("item_id", UUID.class), row.get("item_name", String.class), row.get("station_id", UUID.class),
				row.get("quantity", Integer.class), row.get("points_spent", Long.class),
				RedemptionStatus.valueOf(row.get("status", String.class)), row.get("pickup_code", String.class),
				row.get("failed_attempts", Integer.class), instant(row, "expires_at"), instant(row, "created_at"),
				instant(row, "fulfilled_at"), row.get("fulfilled_by", UUID.class), instant(row, "cancelled_at"),
				row.get("cancelled_by", UUID.class), row.get("expired", Boolean.class),
				row.get("request_hash", String.class));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	/** What a fulfil transaction decided; a wrong code is answered only after its attempt is committed. */
	private record Outcome(Redemption redemption, int attemptsLeft) {

		static Outcome done(Redemption redemption) {
			return new Outcome(redemption, -1);
		}

		static Outcome wrongCode(int attemptsLeft) {
			return new Outcome(null, attemptsLeft);
		}

		Mono<Redemption> answer() {
			return redemption != null ? Mono.just(redemption) : Mono.error(new WrongPickupCodeException(attemptsLeft));
		}

	}

}
