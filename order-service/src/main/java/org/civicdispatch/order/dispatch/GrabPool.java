package org.civicdispatch.order.dispatch;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * 抢单 in SQL: each station's dispatch mode, and the pool of placed orders offered to the
 * teams of a station in {@code GRAB} mode. An order is offered ({@link #OFFERED}) while
 * it is {@code PLACED} at such a station and younger than the station's grab window; the
 * dispatcher leaves it alone until then, and the dispatch sweep takes it up after.
 */
@Repository
class GrabPool {

	/** Order {@code o} is offered for grabbing at time {@code :at}. */
	static final String OFFERED = """
			EXISTS (SELECT 1 FROM station_dispatch_mode m
			        WHERE m.station_id = o.station_id AND m.mode = 'GRAB' AND o.status = 'PLACED'
			          AND o.created_at + make_interval(mins => m.grab_window_minutes) > :at)""";

	/**
	 * Team {@code t} may take order {@code o} at station {@code s}, its capacity aside.
	 */
	private static final String MAY_TAKE = """
			t.active
			AND o.category = ANY (t.categories)
			AND (t.org_unit_id = s.id OR t.org_unit_id = ANY (s.ancestor_ids))
			AND NOT (t.id = ANY (o.excluded_team_ids))""";

	private final DatabaseClient db;

	GrabPool(DatabaseClient db) {
		this.db = db;
	}

	enum Mode {

		AUTO, GRAB

	}

	/**
	 * A station's setting; {@code updatedAt} is null for a station still on the default.
	 */
	record StationMode(UUID stationId, Mode mode, int grabWindowMinutes, UUID updatedBy, Instant updatedAt) {
	}

	Mono<StationMode> mode(UUID stationId) {
		return db.sql("SELECT * FROM station_dispatch_mode WHERE station_id = :station")
			.bind("station", stationId)
			.map(row -> new StationMode(stationId, Mode.valueOf(row.get("mode", String.class)),
					row.get("grab_window_minutes", Integer.class), row.get("updated_by", UUID.class),
					row.get("updated_at", Instant.class)))
			.one();
	}

	Mono<StationMode> save(StationMode mode) {
		return db.sql("""
				INSERT INTO station_dispatch_mode (station_id, mode, grab_window_minutes, updated_by, updated_at)
				VALUES (:station, :mode, :window, :by, :at)
				ON CONFLICT (station_id) DO UPDATE SET mode = EXCLUDED.mode,
				    grab_window_minutes = EXCLUDED.grab_window_minutes, updated_by = EXCLUDED.updated_by,
				    updated_at = EXCLUDED.updated_at""")
			.bind("station", mode.stationId())
			.bind("mode", mode.mode().name())
			.bind("window", mode.grabWindowMinutes())
			.bind("by", mode.updatedBy())
			.bind("at", mode.updatedAt())
			.then()
			.thenReturn(mode);
	}

	/** Whether the order is in the pool now: then the dispatcher does not touch it. */
	Mono<Boolean> offered(UUID orderId, Instant now) {
		return db.sql("SELECT " + OFFERED + " AS offered FROM service_order o WHERE o.id = :id")
			.bind("id", orderId)
			.bind("at", now)
			.map(row -> Boolean.TRUE.equals(row.get("offered", Boolean.class)))
			.one()
			.defaultIfEmpty(false);
	}

	/**
	 * How a claim of {@code teamId} on the order stands: its station grabs, and the team
	 * may take it.
	 */
	record ClaimCheck(boolean grabbing, boolean teamMayTake) {
	}

	/**
	 * Read by the claiming transaction after it locked the order. The grab window is not
	 * checked here: an order that outlived it but has not been dispatched yet may still
	 * be grabbed.
	 */
	Mono<ClaimCheck> check(UUID orderId, UUID teamId) {
		return db.sql("""
				SELECT EXISTS (SELECT 1 FROM station_dispatch_mode m
				               WHERE m.station_id = o.station_id AND m.mode = 'GRAB') AS grabbing,
				       EXISTS (SELECT 1 FROM org_unit s JOIN team t ON %s
				               WHERE s.id = o.station_id AND t.id = :team) AS team_may_take
				FROM service_order o WHERE o.id = :id""".formatted(MAY_TAKE))
			.bind("id", orderId)
			.bind("team", teamId)
			.map(row -> new ClaimCheck(Boolean.TRUE.equals(row.get("grabbing", Boolean.class)),
					Boolean.TRUE.equals(row.get("team_may_take", Boolean.class))))
			.one();
	}

	/**
	 * An order in the pool, with the caller's teams that may grab it (best named first)
	 * and the end of its window.
	 */
	record Offer(UUID orderId, List<UUID> teamIds, Instant grabUntil) {
	}

	/**
	 * A page of the pool as {@code leaderId} sees it: offered orders some team it leads
	 * may take now, oldest first.
	 */
	Mono<List<Offer>> offersFor(UUID leaderId, Instant now, int limit, long offset) {
		return db.sql(POOL_FOR_LEADER + """
				SELECT order_id, team_ids, grab_until FROM pool ORDER BY created_at, order_id
				LIMIT :limit OFFSET :offset""")
			.bind("leader", leaderId)
			.bind("at", now)
			.bind("limit", limit)
			.bind("offset", offset)
			.map(GrabPool::offer)
			.all()
			.collectList();
	}

	Mono<Long> countFor(UUID leaderId, Instant now) {
		return db.sql(POOL_FOR_LEADER + "SELECT count(*) AS n FROM pool")
			.bind("leader", leaderId)
			.bind("at", now)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	/**
	 * The pool of one leader: the same eligibility as automatic dispatch (capacity
	 * included).
	 */
	private static final String POOL_FOR_LEADER = """
			WITH pool AS (
			    SELECT o.id AS order_id, o.created_at,
			           array_agg(t.id ORDER BY t.name, t.id) AS team_ids,
			           o.created_at + make_interval(mins => m.grab_window_minutes) AS grab_until
			    FROM service_order o
			    JOIN station_dispatch_mode m ON m.station_id = o.station_id AND m.mode = 'GRAB'
			    JOIN org_unit s ON s.id = o.station_id
			    JOIN team t ON t.leader_id = :leader AND %s
			    WHERE o.status = 'PLACED' AND o.created_at + make_interval(mins => m.grab_window_minutes) > :at
			    GROUP BY o.id, o.created_at, m.grab_window_minutes)
			""".formatted(DispatchCandidates.ELIGIBLE);

	private static Offer offer(Readable row) {
		return new Offer(row.get("order_id", UUID.class), Arrays.asList(row.get("team_ids", UUID[].class)),
				row.get("grab_until", Instant.class));
	}

}
