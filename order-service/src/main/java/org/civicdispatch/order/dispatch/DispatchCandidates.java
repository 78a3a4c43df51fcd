package org.civicdispatch.order.dispatch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The dispatch rule (平台派单, DESIGN.md) in SQL. Eligible ({@link #ELIGIBLE}): an active
 * team that serves the category, has open orders below capacity, sits at the order's
 * station or one of the units above it, and has not rejected or let this order time out.
 * Ranked by
 * <ol>
 * <li>nearness: the station's own teams, then its institute's, then the centre's;</li>
 * <li>rating: the average final rating of the team's evaluated orders, higher first; a
 * team without any counts as {@link #UNRATED} (the middle of the scale), so a new team is
 * neither favoured nor starved;</li>
 * <li>fewer open orders;</li>
 * <li>dispatched to least recently (never dispatched first).</li>
 * </ol>
 * The ranking reads without locks; the slot is then claimed with a conditional UPDATE
 * that re-checks capacity, so a stale ranking can only skip a team, never overfill one.
 */
@Component
class DispatchCandidates {

	static final BigDecimal UNRATED = new BigDecimal("3.0");

	/** Team {@code t} may take order {@code o} at station {@code s}. */
	static final String ELIGIBLE = """
			t.active
			AND o.category = ANY (t.categories)
			AND t.open_orders < t.capacity
			AND (t.org_unit_id = s.id OR t.org_unit_id = ANY (s.ancestor_ids))
			AND NOT (t.id = ANY (o.excluded_team_ids))""";

	private final DatabaseClient db;

	DispatchCandidates(DatabaseClient db) {
		this.db = db;
	}

	/** The eligible teams for the order, best first. */
	Mono<List<UUID>> rank(UUID orderId, int limit) {
		return db.sql("""
				SELECT t.id
				FROM service_order o
				JOIN org_unit s ON s.id = o.station_id
				JOIN team t ON %s
				WHERE o.id = :orderId
				ORDER BY
				  CASE WHEN t.org_unit_id = s.id THEN 0
				       ELSE cardinality(s.ancestor_ids) - array_position(s.ancestor_ids, t.org_unit_id) + 1 END,
				  COALESCE((SELECT avg(r.final_rating) FROM service_order r
				            WHERE r.team_id = t.id AND r.status = 'EVALUATED'), :unrated) DESC,
				  t.open_orders,
				  t.last_dispatched_at NULLS FIRST,
				  t.id
				LIMIT :limit""".formatted(ELIGIBLE))
			.bind("orderId", orderId)
			.bind("unrated", UNRATED)
			.bind("limit", limit)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList();
	}

	/**
	 * Orders waiting for a team that the dispatcher can act on now, oldest first: every
	 * order still {@code PLACED} (but not while it is offered for 抢单, {@link GrabPool}),
	 * and the {@code UNASSIGNED} ones that some team could take. Skipping the hopeless
	 * ones keeps a long staff board from starving the orders behind it.
	 */
	Flux<UUID> waitingOrders(Instant placedBefore, int limit) {
		return db.sql("""
				SELECT o.id
				FROM service_order o
				WHERE o.created_at <= :at
				  AND NOT %s
				  AND (o.status = 'PLACED'
				       OR (o.status = 'UNASSIGNED' AND EXISTS (
				             SELECT 1 FROM org_unit s JOIN team t ON %s WHERE s.id = o.station_id)))
				ORDER BY o.created_at
				LIMIT :limit""".formatted(GrabPool.OFFERED, ELIGIBLE))
			.bind("at", placedBefore)
			.bind("limit", limit)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable);
	}

}
