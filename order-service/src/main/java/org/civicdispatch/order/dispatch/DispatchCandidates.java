package org.civicdispatch.order.dispatch;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.order.order.ServiceOrder;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The dispatch rule (平台派单, DESIGN.md) as one query. Eligible: an active team that serves the
 * category, has open orders below capacity, sits at the order's station or one of the units above
 * it, and has not rejected or let this order time out. Ranked by
 * <ol>
 * <li>nearness: the station's own teams, then its institute's, then the centre's;</li>
 * <li>rating: the average final rating of the team's evaluated orders, higher first; a team
 * without any counts as {@link #UNRATED} (the middle of the scale), so a new team is neither
 * favoured nor starved;</li>
 * <li>fewer open orders;</li>
 * <li>dispatched to least recently (never dispatched first).</li>
 * </ol>
 * The ranking reads without locks; the slot is then claimed with a conditional UPDATE that
 * re-checks capacity, so a stale ranking can only skip a team, never overfill one.
 */
@Component
class DispatchCandidates {

	static final BigDecimal UNRATED = new BigDecimal("3.0");

	private final DatabaseClient db;

	DispatchCandidates(DatabaseClient db) {
		this.db = db;
	}

	Mono<List<UUID>> rank(ServiceOrder order, int limit) {
		return db.sql("""
				SELECT t.id
				FROM team t
				JOIN org_unit s ON s.id = :stationId
				WHERE t.active
				  AND :category = ANY (t.categories)
				  AND t.open_orders < t.capacity
				  AND (t.org_unit_id = s.id OR t.org_unit_id = ANY (s.ancestor_ids))
				  AND NOT (t.id = ANY (:excluded))
				ORDER BY
				  CASE WHEN t.org_unit_id = s.id THEN 0
				       ELSE cardinality(s.ancestor_ids) - array_position(s.ancestor_ids, t.org_unit_id) + 1 END,
				  COALESCE((SELECT avg(o.final_rating) FROM service_order o
				            WHERE o.team_id = t.id AND o.status = 'EVALUATED'), :unrated) DESC,
				  t.open_orders,
				  t.last_dispatched_at NULLS FIRST,
				  t.id
				LIMIT :limit""")
			.bind("stationId", order.stationId())
			.bind("category", order.category())
			.bind("excluded", order.excludedTeamIds().toArray(UUID[]::new))
			.bind("unrated", UNRATED)
			.bind("limit", limit)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList();
	}

}
