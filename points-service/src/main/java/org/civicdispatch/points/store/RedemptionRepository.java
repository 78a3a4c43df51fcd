package org.civicdispatch.points.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Stores {@link Redemption}s: one {@code redemption} row each, read with its item's name.
 */
@Repository
class RedemptionRepository {

	private static final String SELECT = """
			SELECT r.id, r.user_id, r.item_id, i.name AS item_name, r.station_id, r.quantity, r.points_spent, r.status,
			  r.pickup_code, r.failed_attempts, r.expires_at, r.created_at, r.fulfilled_at, r.fulfilled_by,
			  r.cancelled_at, r.cancelled_by, r.expired
			FROM redemption r JOIN store_item i ON i.id = r.item_id
			""";

	private final DatabaseClient db;

	RedemptionRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Redemption> find(UUID id) {
		return one(id, "");
	}

	/**
	 * The redemption, locked until the transaction ends; every change goes through this.
	 */
	Mono<Redemption> lock(UUID id) {
		return one(id, " FOR UPDATE OF r");
	}

	/**
	 * The reservation longest past its pickup deadline at {@code now} that no other
	 * transaction holds, locked.
	 */
	Mono<Redemption> lockNextExpired(Instant now) {
		return db.sql(SELECT + """
				WHERE r.status = 'RESERVED' AND r.expires_at <= :now
				ORDER BY r.expires_at LIMIT 1
				FOR UPDATE OF r SKIP LOCKED""").bind("now", now).map(RedemptionRepository::redemption).one();
	}

	Mono<Void> insert(Redemption r) {
		return db
			.sql("""
					INSERT INTO redemption (id, user_id, item_id, station_id, quantity, points_spent, status, pickup_code,
					  failed_attempts, expires_at, created_at)
					VALUES (:id, :user, :item, :station, :quantity, :points, :status, :code, :attempts, :expires, :created)""")
			.bind("id", r.id())
			.bind("user", r.userId())
			.bind("item", r.itemId())
			.bind("station", r.stationId())
			.bind("quantity", r.quantity())
			.bind("points", r.pointsSpent())
			.bind("status", r.status().name())
			.bind("code", r.pickupCode())
			.bind("attempts", r.failedAttempts())
			.bind("expires", r.expiresAt())
			.bind("created", r.createdAt())
			.then();
	}

	/**
	 * Writes what a change may have changed: the status, the attempts, who fulfilled or
	 * cancelled it and when.
	 */
	Mono<Void> update(Redemption r) {
		return db
			.sql("""
					UPDATE redemption SET status = :status, failed_attempts = :attempts, fulfilled_at = :fulfilledAt,
					  fulfilled_by = :fulfilledBy, cancelled_at = :cancelledAt, cancelled_by = :cancelledBy, expired = :expired
					WHERE id = :id""")
			.bind("status", r.status().name())
			.bind("attempts", r.failedAttempts())
			.bind("fulfilledAt", Parameter.fromOrEmpty(r.fulfilledAt(), Instant.class))
			.bind("fulfilledBy", Parameter.fromOrEmpty(r.fulfilledBy(), UUID.class))
			.bind("cancelledAt", Parameter.fromOrEmpty(r.cancelledAt(), Instant.class))
			.bind("cancelledBy", Parameter.fromOrEmpty(r.cancelledBy(), UUID.class))
			.bind("expired", r.expired())
			.bind("id", r.id())
			.then();
	}

	/**
	 * A page of redemptions, newest first: only {@code userId}'s when given, else only
	 * those at stations in or under {@code scopes} when given; narrowed to a station and
	 * a status when given.
	 */
	Mono<Page<Redemption>> list(UUID userId, UUID[] scopes, UUID stationId, RedemptionStatus status, PageRequest page) {
		List<String> where = new ArrayList<>();
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (userId != null) {
			where.add("r.user_id = :user");
			parameters.put("user", userId);
		}
		else if (scopes != null) {
			where.add("(r.station_id = ANY (:scopes) OR EXISTS (SELECT 1 FROM org_unit o "
					+ "WHERE o.id = r.station_id AND o.ancestor_ids && :scopes))");
			parameters.put("scopes", scopes);
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
			.map(RedemptionRepository::redemption)
			.all()
			.collectList()
			.zipWith(total, (found, n) -> Page.of(page, found, n));
	}

	private Mono<Redemption> one(UUID id, String lock) {
		return db.sql(SELECT + "WHERE r.id = :id" + lock).bind("id", id).map(RedemptionRepository::redemption).one();
	}

	private static Redemption redemption(Readable row) {
		return new Redemption(row.get("id", UUID.class), row.get("user_id", UUID.class), row.get("item_id", UUID.class),
				row.get("item_name", String.class), row.get("station_id", UUID.class),
				row.get("quantity", Integer.class), row.get("points_spent", Long.class),
				RedemptionStatus.valueOf(row.get("status", String.class)), row.get("pickup_code", String.class),
				row.get("failed_attempts", Integer.class), instant(row, "expires_at"), instant(row, "created_at"),
				instant(row, "fulfilled_at"), row.get("fulfilled_by", UUID.class), instant(row, "cancelled_at"),
				row.get("cancelled_by", UUID.class), row.get("expired", Boolean.class));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
