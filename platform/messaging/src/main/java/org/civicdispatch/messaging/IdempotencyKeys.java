package org.civicdispatch.messaging;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

/**
 * Idempotency-Keys of requests that create something, per user, in the service's
 * {@code idempotency_key} table. The key is reserved in the same transaction that creates
 * the resource, so a concurrent repeat waits on the primary key and then finds the stored
 * answer; a failed first attempt rolls its reservation back and the key stays free. Keys
 * are forgotten after {@code civic.idempotency.retention} ({@link IdempotencyKeySweep}).
 */
public class IdempotencyKeys {

	private final DatabaseClient db;

	public IdempotencyKeys(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * What the first request with a key was answered: its status, the resource it created
	 * and, when the service stores it, the body ({@code null} for a service that answers
	 * a repeat with the resource as it is now).
	 */
	public record StoredResponse(String requestHash, int status, UUID resourceId, String body) {
	}

	/**
	 * True when the key was free and is now this request's, with the answer it will get
	 * (known before the resource is written: it rolls back with the resource if the
	 * transaction fails).
	 */
	public Mono<Boolean> reserve(UUID userId, String key, String requestHash, Instant now, UUID resourceId, int status,
			String body) {
		return db.sql("""
				INSERT INTO idempotency_key (user_id, key, request_hash, created_at, resource_id, response_status,
				    response_body)
				VALUES (:user, :key, :hash, :now, :resource, :status, :body) ON CONFLICT DO NOTHING""")
			.bind("user", userId)
			.bind("key", key)
			.bind("hash", requestHash)
			.bind("now", now)
			.bind("resource", resourceId)
			.bind("status", status)
			.bind("body", Parameter.fromOrEmpty(body, String.class))
			.fetch()
			.rowsUpdated()
			.map(n -> n == 1);
	}

	public Mono<StoredResponse> find(UUID userId, String key) {
		return db.sql("SELECT * FROM idempotency_key WHERE user_id = :user AND key = :key")
			.bind("user", userId)
			.bind("key", key)
			.map(row -> new StoredResponse(row.get("request_hash", String.class),
					row.get("response_status", Integer.class), row.get("resource_id", UUID.class),
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
