package org.civicdispatch.order.checkin;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** The {@code check_in_code} and {@code check_in_code_use} tables. */
@Repository
class CheckInCodes {

	private final DatabaseClient db;

	CheckInCodes(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(UUID orderId, String code, UUID issuedBy, Instant issuedAt, Instant expiresAt) {
		return db.sql("""
				INSERT INTO check_in_code (order_id, code, issued_by, issued_at, expires_at)
				VALUES (:order, :code, :by, :at, :expires)""")
			.bind("order", orderId)
			.bind("code", code)
			.bind("by", issuedBy)
			.bind("at", issuedAt)
			.bind("expires", expiresAt)
			.then();
	}

	/** When the order's code expires; empty when the order has no such code. */
	Mono<Instant> expiry(UUID orderId, String code) {
		return db.sql("SELECT expires_at FROM check_in_code WHERE order_id = :order AND code = :code")
			.bind("order", orderId)
			.bind("code", code)
			.map(row -> row.get("expires_at", Instant.class))
			.one();
	}

	/** Records the volunteer's use of the code; false when they used it before. */
	Mono<Boolean> use(UUID orderId, String code, UUID volunteerId, String type, Instant at) {
		return db.sql("""
				INSERT INTO check_in_code_use (order_id, code, volunteer_id, type, at)
				VALUES (:order, :code, :volunteer, :type, :at)
				ON CONFLICT DO NOTHING""")
			.bind("order", orderId)
			.bind("code", code)
			.bind("volunteer", volunteerId)
			.bind("type", type)
			.bind("at", at)
			.fetch()
			.rowsUpdated()
			.map(n -> n == 1);
	}

	/** Forgets codes (and their uses) that expired before {@code before}. */
	Mono<Long> forgetExpiredBefore(Instant before) {
		return db.sql("DELETE FROM check_in_code WHERE expires_at < :before")
			.bind("before", before)
			.fetch()
			.rowsUpdated();
	}

}
