package org.civicdispatch.order.serviceorder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.order.serviceorder.OrderAccess.Viewer;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * The paged order list, newest first. Visibility is part of the query: the user's own
 * orders, orders of teams it leads or belongs to (now or before they gave it back), every
 * order under its staff scopes, everything for ADMIN. The overdue list (督办) holds the
 * open orders at or past their due time, the longest overdue first; escalated, only those
 * that have reached the level of one of the caller's staff scopes
 * ({@link OverdueEscalation}).
 */
@Component
class OrderList {

	private final DatabaseClient db;

	private final OrderRepository orders;

	private final OrderAccess access;

	private final OverdueEscalation escalation;

	private final Clock clock;

	private final OrderPhotos photos;

	public OrderList(DatabaseClient db, OrderRepository orders, OrderAccess access, OverdueEscalation escalation,
			Clock clock, OrderPhotos photos) {
		this.photos = photos;
		this.db = db;
		this.orders = orders;
		this.access = access;
		this.escalation = escalation;
		this.clock = clock;
	}

	/** {@code escalated} only counts with {@code overdue}. */
	public record Filter(OrderStatus status, UUID teamId, boolean mine, boolean overdue, boolean escalated,
			PageRequest page) {
	}

	public Mono<Page<OrderView>> list(CurrentUser user, Filter filter) {
		Instant now = clock.instant();
		return access.viewer(user).flatMap(viewer -> {
			Map<String, Object> binds = new LinkedHashMap<>();
			String where = where(viewer, filter, now, escalation.grace(), binds);
			String orderBy = filter.overdue() ? " ORDER BY o.due_at, o.id" : " ORDER BY o.created_at DESC, o.id";
			Mono<Long> total = bind(db.sql("SELECT count(*) AS n FROM service_order o " + where), binds)
				.map(row -> row.get("n", Long.class))
				.one();
			Mono<List<UUID>> ids = bind(
					db.sql("SELECT o.id FROM service_order o " + where + orderBy + " LIMIT :limit OFFSET :offset"),
					binds)
				.bind("limit", filter.page().size())
				.bind("offset", filter.page().offset())
				.map(row -> row.get("id", UUID.class))
				.all()
				.collectList();
			return Mono.zip(total, ids.flatMap(list -> orders.findAll(list)
				.concatMap(order -> access.relation(viewer, order)
					.map(relation -> OrderView.of(order, relation.seesContact(), escalation.levelOf(order, now))))
				.collectList()
				.flatMap(views -> photos.of(list)
					.map(byOrder -> views.stream()
						.map(v -> v.withPhotos(byOrder.getOrDefault(v.id(), List.of())))
						.toList()))))
				.map(t -> Page.of(filter.page(), t.getT2(), t.getT1()));
		});
	}

	private static String where(Viewer viewer, Filter filter, Instant now, Duration grace, Map<String, Object> binds) {
		CurrentUser user = viewer.user();
		List<String> conditions = new ArrayList<>();
		if (filter.mine()) {
			binds.put("user", user.id());
			conditions.add("(o.resident_id = :user OR o.placed_by = :user)");
		}
		else if (!user.isAdmin()) {
			binds.put("user", user.id());
			List<String> visible = new ArrayList<>();
			visible.add("o.resident_id = :user");
			visible.add("o.placed_by = :user");
			if (!viewer.teams().isEmpty()) {
				binds.put("teams", viewer.teamIds().toArray(UUID[]::new));
				visible.add("o.team_id = ANY (:teams)");
				visible.add("o.excluded_team_ids && :teams");
			}
			if (user.isStaff() && !user.staffScopes().isEmpty()) {
				binds.put("scopes", user.staffScopes().toArray(UUID[]::new));
				visible.add("o.station_id = ANY (:scopes)");
				visible
					.add("EXISTS (SELECT 1 FROM org_unit u WHERE u.id = o.station_id AND u.ancestor_ids && :scopes)");
			}
			conditions.add("(" + String.join(" OR ", visible) + ")");
		}
		if (filter.status() != null) {
			binds.put("status", filter.status().name());
			conditions.add("o.status = :status");
		}
		if (filter.teamId() != null) {
			binds.put("teamId", filter.teamId());
			conditions.add("o.team_id = :teamId");
		}
		if (filter.overdue()) {
			binds.put("now", now);
			conditions.add("o.status IN ('ACCEPTED', 'IN_SERVICE') AND o.due_at <= :now");
			if (filter.escalated()) {
				conditions.add(escalatedToCaller(user, grace, binds));
			}
		}
		return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
	}

	/**
	 * Overdue for as many grace periods as the caller's unit is levels above the station:
	 * at once for staff of the station, after one for the institute, after two for the
	 * centre; ADMIN, as over the whole tree, sees what has reached the top.
	 */
	private static String escalatedToCaller(CurrentUser user, Duration grace, Map<String, Object> binds) {
		String reached = "o.due_at <= :now - make_interval(secs => :grace * %s)";
		if (user.isAdmin() || (user.isStaff() && !user.staffScopes().isEmpty())) {
			binds.put("grace", (double) grace.toMillis() / 1000);
		}
		if (user.isAdmin()) {
			return "EXISTS (SELECT 1 FROM org_unit u WHERE u.id = o.station_id AND "
					+ reached.formatted("cardinality(u.ancestor_ids)") + ")";
		}
		if (!user.isStaff() || user.staffScopes().isEmpty()) {
			return "false";
		}
		binds.put("scopes", user.staffScopes().toArray(UUID[]::new));
		return "(o.station_id = ANY (:scopes) OR EXISTS (SELECT 1 FROM org_unit u CROSS JOIN LATERAL "
				+ "unnest(u.ancestor_ids) WITH ORDINALITY AS a (id, i) WHERE u.id = o.station_id AND a.id = ANY (:scopes) AND "
				+ reached.formatted("(cardinality(u.ancestor_ids) - a.i + 1)") + "))";
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, Map<String, Object> binds) {
		for (Map.Entry<String, Object> e : binds.entrySet()) {
			spec = spec.bind(e.getKey(), e.getValue());
		}
		return spec;
	}

}
