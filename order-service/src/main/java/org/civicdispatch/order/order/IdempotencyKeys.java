package org.civicdispatch.order.order;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency-Keys of order placement, per user. The key is reserved in the same transaction that
 * creates the order, so a concurrent repeat waits on the primary key and then finds the stored
 * answer; a failed first attempt rolls its reservation back and the key stays free.
 */
@Repository
public class IdempotencyKeys {

	private final DatabaseClient db;

	public IdempotencyKeys(DatabaseClient db) {
		this.db = db;
	}

	public record StoredResponse(String requestHash, int status, UUID orderId, String body) {
	}

	/**
	 * True when the key was free and is now this request's, with the answer it will get (known before
	 * the order is written: it rolls back with the order if the transaction fails).
	 */
	public Mono<Boolean> reserve(UUID userId, String key, String requestHash, Instant now, UUID orderId, int status,
			String body) {
		return db.sql("""
				INSERT INTO idempotency_key (user_id, key, request_hash, created_at, order_id, response_status,
				    response_body)
				VALUES (:user, :key, :hash, :now, :orderId, :status, :body) ON CONFLICT DO NOTHING""")
			.bind("user", userId)
			.bind("key", key)
			.bind("hash", requestHash)
			.bind("now", now)
			.bind("orderId", orderId)
			.bind("status", status)
			.bind("body", body)
			.fetch()
			.rowsUpdated()
			.map(n -> n == 1);
	}

	public Mono<StoredResponse> find(UUID userId, String key) {
		return db.sql("SELECT * FROM idempotency_key WHERE user_id = :user AND key = :key")
			.bind("user", userId)
			.bind("key", key)
			.map(row -> new StoredResponse(row.get("request_hash", String.class),
					row.get("response_status", Integer.class), row.get("order_id", UUID.class),
					row.get("response_body", String.class)))
			.one();
	}

	/** Forgets keys reserved before {@code cutoff}; returns how many. */
	public Mono<Long> forgetOlderThan(Instant cutoff) {
		return db.sql("DELETE FROM idempotency_key WHERE created_at < :cutoff")
			.bind("cutoff", cutoff)
			.fetch()
			.rowsUpdated();
	}

}
