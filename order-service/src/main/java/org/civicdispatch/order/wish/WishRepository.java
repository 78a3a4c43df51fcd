package org.civicdispatch.order.wish;

import java.time.Instant;
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
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Stores {@link Wish}es, one {@code wish} row each; reads them with the names of their
 * station and team.
 */
@Repository
class WishRepository {

	/** A wish with the names a reader sees next to it. */
	record Listed(Wish wish, String stationName, String teamName) {
	}

	private static final String SELECT = """
			SELECT w.*, u.name AS station_name, t.name AS team_name
			FROM wish w LEFT JOIN org_unit u ON u.id = w.station_id LEFT JOIN team t ON t.id = w.team_id""";

	private final DatabaseClient db;

	WishRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Listed> findById(UUID id) {
		return db.sql(SELECT + " WHERE w.id = :id").bind("id", id).map(WishRepository::listed).one();
	}

	/**
	 * Loads the wish and locks its row until the transaction ends: two claims are taken
	 * one after the other.
	 */
	Mono<Wish> lock(UUID id) {
		return db.sql("SELECT * FROM wish WHERE id = :id FOR UPDATE")
			.bind("id", id)
			.map(row -> Wish.restore(read(row)))
			.one();
	}

	/**
	 * The author's open wishes at the station, counted under a lock on that pair which
	 * lasts until the transaction ends, so that two posts at once are counted one after
	 * the other.
	 */
	Mono<Long> lockAndCountOpen(UUID authorId, UUID stationId) {
		return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", "open-wishes:" + authorId + ":" + stationId)
			.then()
			.then(db.sql("""
					SELECT count(*) AS n FROM wish WHERE author_id = :author AND station_id = :station
					AND status = 'OPEN'""")
				.bind("author", authorId)
				.bind("station", stationId)
				.map(row -> row.get("n", Long.class))
				.one());
	}

	/** Whether the unit is a station of the org tree. */
	Mono<Boolean> isStation(UUID stationId) {
		return db.sql("SELECT EXISTS (SELECT 1 FROM org_unit WHERE id = :id AND level = 'STATION') AS found")
			.bind("id", stationId)
			.map(row -> Boolean.TRUE.equals(row.get("found", Boolean.class)))
			.one();
	}

	Mono<Void> insert(Wish wish) {
		Wish.Snapshot s = wish.snapshot();
		return db.sql("""
				INSERT INTO wish (id, author_id, title, description, station_id, contact_phone, status, created_at,
				    updated_at)
				VALUES (:id, :author, :title, :description, :station, :phone, :status, :createdAt, :updatedAt)""")
			.bind("id", s.id())
			.bind("author", s.authorId())
			.bind("title", s.title())
			.bind("description", Parameter.fromOrEmpty(s.description(), String.class))
			.bind("station", s.stationId())
			.bind("phone", s.contactPhone())
			.bind("status", s.status().name())
			.bind("createdAt", s.createdAt())
			.bind("updatedAt", s.updatedAt())
			.then();
	}

	Mono<Void> update(Wish wish) {
		Wish.Snapshot s = wish.snapshot();
		return db.sql("""
				UPDATE wish SET status = :status, order_id = :orderId, team_id = :teamId, claimed_by = :claimedBy,
				    claimed_at = :claimedAt, closed_by = :closedBy, close_reason = :closeReason,
				    closed_at = :closedAt, updated_at = :updatedAt
				WHERE id = :id""")
			.bind("id", s.id())
			.bind("status", s.status().name())
			.bind("orderId", Parameter.fromOrEmpty(s.orderId(), UUID.class))
			.bind("teamId", Parameter.fromOrEmpty(s.teamId(), UUID.class))
			.bind("claimedBy", Parameter.fromOrEmpty(s.claimedBy(), UUID.class))
			.bind("claimedAt", Parameter.fromOrEmpty(s.claimedAt(), Instant.class))
			.bind("closedBy", Parameter.fromOrEmpty(s.closedBy(), UUID.class))
			.bind("closeReason", Parameter.fromOrEmpty(s.closeReason(), String.class))
			.bind("closedAt", Parameter.fromOrEmpty(s.closedAt(), Instant.class))
			.bind("updatedAt", s.updatedAt())
			.then();
	}

	/**
	 * Filters of the list; each one given narrows it. {@code orgUnitId} takes the unit
	 * and everything under it.
	 */
	record Filter(UUID stationId, UUID orgUnitId, Wish.Status status, UUID authorId, PageRequest page) {
	}

	/** Newest first. */
	Mono<Page<Listed>> list(Filter filter) {
		Map<String, Object> binds = new LinkedHashMap<>();
		List<String> conditions = new ArrayList<>();
		if (filter.stationId() != null) {
			binds.put("station", filter.stationId());
			conditions.add("w.station_id = :station");
		}
		if (filter.orgUnitId() != null) {
			binds.put("unit", filter.orgUnitId());
			conditions.add("(w.station_id = :unit OR u.ancestor_ids @> ARRAY[:unit]::uuid[])");
		}
		if (filter.status() != null) {
			binds.put("status", filter.status().name());
			conditions.add("w.status = :status");
		}
		if (filter.authorId() != null) {
			binds.put("author", filter.authorId());
			conditions.add("w.author_id = :author");
		}
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		Mono<Long> total = bind(
				db.sql("SELECT count(*) AS n FROM wish w LEFT JOIN org_unit u ON u.id = w.station_id" + where), binds)
			.map(row -> row.get("n", Long.class))
			.one();
		Mono<List<Listed>> items = bind(
				db.sql(SELECT + where + " ORDER BY w.created_at DESC, w.id LIMIT :limit OFFSET :offset"), binds)
			.bind("limit", filter.page().size())
			.bind("offset", filter.page().offset())
			.map(WishRepository::listed)
			.all()
			.collectList();
		return Mono.zip(items, total).map(t -> Page.of(filter.page(), t.getT1(), t.getT2()));
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, Map<String, Object> binds) {
		for (Map.Entry<String, Object> e : binds.entrySet()) {
			spec = spec.bind(e.getKey(), e.getValue());
		}
		return spec;
	}

	private static Listed listed(Readable row) {
		return new Listed(Wish.restore(read(row)), row.get("station_name", String.class),
				row.get("team_name", String.class));
	}

	private static Wish.Snapshot read(Readable row) {
		return new Wish.Snapshot(row.get("id", UUID.class), row.get("author_id", UUID.class),
				row.get("title", String.class), row.get("description", String.class), row.get("station_id", UUID.class),
				row.get("contact_phone", String.class), row.get("created_at", Instant.class),
				Wish.Status.valueOf(row.get("status", String.class)), row.get("order_id", UUID.class),
				row.get("team_id", UUID.class), row.get("claimed_by", UUID.class), row.get("claimed_at", Instant.class),
				row.get("closed_by", UUID.class), row.get("close_reason", String.class),
				row.get("closed_at", Instant.class), row.get("updated_at", Instant.class));
	}

}
