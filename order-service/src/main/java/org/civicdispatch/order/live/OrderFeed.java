package org.civicdispatch.order.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderChangeFeed;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * The {@code order_feed} table: written in the transaction of every order change, read by
 * every instance's {@link FeedPump} and by reconnecting clients.
 * <p>
 * Ids must become visible in the order they are handed out, or a reader that has seen id
 * 11 would never look back at an id 10 committed a moment later. So the rows of a change
 * are inserted under a transaction-level advisory lock, as the last statement of the
 * transaction: changes take their ids one after the other, each holding the lock only
 * until its commit (which its {@code NOTIFY} serialises in PostgreSQL anyway).
 */
@Repository
class OrderFeed implements OrderChangeFeed {

	/**
	 * The PostgreSQL channel every instance LISTENs on; notified when a change commits.
	 */
	static final String CHANNEL = "civic_order_feed";

	/** The feed rows with who may read them, from the team and org read models. */
	private static final String ENTRIES = """
			SELECT f.id, f.kind, f.order_id, f.status, f.team_id, f.updated_at, f.resident_id, f.station_id, f.note,
			       f.placed_by,
			       u.ancestor_ids AS station_ancestor_ids, t.leader_id AS team_leader_id,
			       array_remove(coalesce(t.member_ids, '{}') || t.leader_id, NULL) AS team_member_ids,
			       ARRAY(SELECT m FROM team x CROSS JOIN LATERAL unnest(x.member_ids || x.leader_id) m
			             WHERE (x.id = f.team_id OR x.id = ANY (f.excluded_team_ids)) AND m IS NOT NULL)
			           AS team_reader_ids,
			       ARRAY(SELECT p.leader_id FROM team p JOIN service_order po ON po.id = f.order_id
			             WHERE f.kind = 'POOL' AND p.leader_id IS NOT NULL AND p.active
			               AND po.category = ANY (p.categories)
			               AND (p.org_unit_id = f.station_id OR p.org_unit_id = ANY (u.ancestor_ids)))
			           AS pool_leader_ids
			FROM order_feed f
			LEFT JOIN team t ON t.id = f.team_id
			LEFT JOIN org_unit u ON u.id = f.station_id""";

	private final DatabaseClient db;

	OrderFeed(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> append(ServiceOrder order, List<OrderChange> changes) {
		if (changes.isEmpty()) {
			return Mono.empty();
		}
		List<FeedEntry.Kind> kinds = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		kinds.add(FeedEntry.Kind.ORDER);
		notes.add(null);
		changes.stream().filter(OrderChange.Dispatched.class::isInstance).findFirst().ifPresent(dispatched -> {
			kinds.add(FeedEntry.Kind.DISPATCH);
			notes.add(null);
		});
		changes.stream()
			.filter(OrderChange.Urged.class::isInstance)
			.map(OrderChange.Urged.class::cast)
			.findFirst()
			.ifPresent(urged -> {
				kinds.add(FeedEntry.Kind.URGE);
				notes.add(urged.note());
			});
		// 抢单: a change that moves an order into or out of the pool; kept below for GRAB
		// stations only
		if (changes.stream().anyMatch(OrderFeed::movesThePool)) {
			kinds.add(FeedEntry.Kind.POOL);
			notes.add(null);
		}
		ServiceOrder.Snapshot s = order.snapshot();
		StringBuilder values = new StringBuilder();
		for (int i = 0; i < kinds.size(); i++) {
			values.append(i == 0 ? "" : ", ")
				.append("(:kind")
				.append(i)
				.append(", :orderId, :status, :teamId, :residentId, :stationId, :excludedTeamIds, :updatedAt, :note")
				.append(i)
				.append("::text, :placedBy::uuid)");
		}
		// the lock is taken before the insert asks the sequence for ids: it is joined
		// into the rows inserted
		String sql = """
				WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended('%1$s', 0))),
				appended AS (
				    INSERT INTO order_feed (kind, order_id, status, team_id, resident_id, station_id,
				        excluded_team_ids, updated_at, note, placed_by)
				    SELECT v.* FROM (VALUES %2$s) AS v (kind, order_id, status, team_id, resident_id, station_id,
				        excluded_team_ids, updated_at, note, placed_by), locked
				    WHERE v.kind <> 'POOL' OR EXISTS (SELECT 1 FROM station_dispatch_mode m
				                                      WHERE m.station_id = v.station_id AND m.mode = 'GRAB')
				    RETURNING 1)
				SELECT pg_notify('%1$s', '') FROM (SELECT count(*) FROM appended) appended_rows""".formatted(CHANNEL,
				values);
		DatabaseClient.GenericExecuteSpec spec = db.sql(sql)
			.bind("orderId", s.id())
			.bind("status", s.status().name())
			.bind("teamId", Parameter.fromOrEmpty(s.teamId(), UUID.class))
			.bind("residentId", s.residentId())
			.bind("stationId", s.stationId())
			.bind("excludedTeamIds", s.excludedTeamIds().toArray(UUID[]::new))
			.bind("updatedAt", s.updatedAt())
			.bind("placedBy",
					Parameter.fromOrEmpty(s.beneficiary() == null ? null : s.beneficiary().placedBy(), UUID.class));
		for (int i = 0; i < kinds.size(); i++) {
			spec = spec.bind("kind" + i, kinds.get(i).name())
				.bind("note" + i, Parameter.fromOrEmpty(notes.get(i), String.class));
		}
		return spec.then();
	}

	private static boolean movesThePool(OrderChange change) {
		return switch (change) {
			case OrderChange.Placed p -> true;
			case OrderChange.Accepted a -> true;
			case OrderChange.Dispatched d -> true;
			case OrderChange.Unassigned u -> true;
			case OrderChange.Cancelled c -> true;
			default -> false;
		};
	}

	/**
	 * The highest id handed out so far (0 for an empty feed): where a starting instance
	 * begins.
	 */
	Mono<Long> latestId() {
		return db.sql("SELECT coalesce(max(id), 0) AS id FROM order_feed").map(row -> row.get("id", Long.class)).one();
	}

	/** Rows after {@code id}, oldest first, read in full before anyone works on them. */
	Mono<List<FeedEntry>> after(long id, int limit) {
		return db.sql(ENTRIES + " WHERE f.id > :after ORDER BY f.id LIMIT :limit")
			.bind("after", id)
			.bind("limit", limit)
			.map(OrderFeed::read)
			.all()
			.collectList();
	}

	/**
	 * What the user missed after {@code id}: the newest {@code limit} rows within
	 * {@code window} that the user may see ({@link FeedEntry#visibleTo}, here in SQL so
	 * that the limit counts only those), oldest first.
	 */
	Flux<FeedEntry> missed(CurrentUser user, long id, Duration window, int limit) {
		String sql = """
				SELECT * FROM (%s
				    WHERE f.id > :after AND f.created_at > now() - make_interval(secs => :window)) e
				WHERE (e.kind = 'DISPATCH' AND e.team_leader_id = :user)
				   OR (e.kind = 'URGE' AND :user = ANY (e.team_member_ids))
				   OR (e.kind = 'POOL' AND :user = ANY (e.pool_leader_ids))
				   OR (e.kind = 'ORDER' AND (:admin OR e.resident_id = :user OR e.placed_by = :user
				       OR :user = ANY (e.team_reader_ids)
				       OR (:staff AND (e.station_id = ANY (:scopes) OR e.station_ancestor_ids && :scopes))))
				ORDER BY e.id DESC LIMIT :limit""".formatted(ENTRIES);
		return db.sql(sql)
			.bind("after", id)
			.bind("window", (double) window.toSeconds())
			.bind("user", user.id())
			.bind("admin", user.isAdmin())
			.bind("staff", user.isStaff())
			.bind("scopes", user.staffScopes().toArray(UUID[]::new))
			.bind("limit", limit)
			.map(OrderFeed::read)
			.all()
			.collectList()
			.flatMapIterable(List::reversed);
	}

	/** Deletes rows older than {@code retention}; returns how many. */
	Mono<Long> forgetOlderThan(Duration retention) {
		return db.sql("DELETE FROM order_feed WHERE created_at < now() - make_interval(secs => :retention)")
			.bind("retention", (double) retention.toSeconds())
			.fetch()
			.rowsUpdated();
	}

	private static FeedEntry read(Readable row) {
		UUID[] ancestors = row.get("station_ancestor_ids", UUID[].class);
		UUID[] readers = row.get("team_reader_ids", UUID[].class);
		UUID[] members = row.get("team_member_ids", UUID[].class);
		UUID[] poolLeaders = row.get("pool_leader_ids", UUID[].class);
		return new FeedEntry(row.get("id", Long.class), FeedEntry.Kind.valueOf(row.get("kind", String.class)),
				row.get("order_id", UUID.class), row.get("status", String.class), row.get("team_id", UUID.class),
				row.get("updated_at", Instant.class), row.get("resident_id", UUID.class),
				row.get("station_id", UUID.class), ancestors == null ? List.of() : Arrays.asList(ancestors),
				row.get("team_leader_id", UUID.class), readers == null ? Set.of() : Set.copyOf(Arrays.asList(readers)),
				members == null ? Set.of() : Set.copyOf(Arrays.asList(members)), row.get("note", String.class),
				row.get("placed_by", UUID.class),
				poolLeaders == null ? Set.of() : Set.copyOf(Arrays.asList(poolLeaders)));
	}

}
