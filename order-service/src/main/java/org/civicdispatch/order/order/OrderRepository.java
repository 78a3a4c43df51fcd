package org.civicdispatch.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.civicdispatch.order.order.Evaluation.Evaluator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** Stores {@link ServiceOrder}s: one {@code service_order} row plus append-only {@code order_history} rows. */
@Repository
public class OrderRepository {

	private static final TypeReference<Map<UUID, BigDecimal>> HOURS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final JsonMapper json;

	public OrderRepository(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	public Mono<ServiceOrder> findById(UUID id) {
		return load("SELECT * FROM service_order WHERE id = :id", id);
	}

	/** Loads the order and locks its row until the transaction ends; every change goes through this. */
	public Mono<ServiceOrder> lock(UUID id) {
		return load("SELECT * FROM service_order WHERE id = :id FOR UPDATE", id);
	}

	/** Like {@link #lock} but empty when another transaction (maybe another instance) holds the row. */
	public Mono<ServiceOrder> lockIfFree(UUID id) {
		return load("SELECT * FROM service_order WHERE id = :id FOR UPDATE SKIP LOCKED", id);
	}

	private Mono<ServiceOrder> load(String sql, UUID id) {
		return db.sql(sql)
			.bind("id", id)
			.map(this::readRow)
			.one()
			.flatMap(row -> history(List.of(id)).map(h -> ServiceOrder.restore(row.with(h.getOrDefault(id, List.of())))));
	}

	/** Orders by id, in the given order, with their history. */
	public Flux<ServiceOrder> findAll(List<UUID> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return db.sql("SELECT * FROM service_order WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(this::readRow)
			.all()
			.collectMap(row -> row.id())
			.zipWith(history(ids))
			.flatMapIterable(t -> ids.stream()
				.filter(t.getT1()::containsKey)
				.map(id -> ServiceOrder.restore(t.getT1().get(id).with(t.getT2().getOrDefault(id, List.of()))))
				.toList());
	}

	private Mono<Map<UUID, List<HistoryEntry>>> history(Collection<UUID> orderIds) {
		return db.sql("SELECT * FROM order_history WHERE order_id = ANY(:ids) ORDER BY order_id, seq")
			.bind("ids", orderIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("order_id", UUID.class),
					new HistoryEntry(OrderStatus.valueOf(row.get("status", String.class)),
							OrderAction.valueOf(row.get("action", String.class)), row.get("at", Instant.class),
							row.get("actor_id", UUID.class), row.get("team_id", UUID.class), row.get("note", String.class))))
			.all()
			.collect(LinkedHashMap::new, (map, e) -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
	}

	public Mono<Void> insert(ServiceOrder order) {
		ServiceOrder.Snapshot s = order.snapshot();
		GenericExecuteSpec spec = db.sql("""
				INSERT INTO service_order (id, resident_id, category, title, description, station_id, address,
				    contact_phone, preferred_time, status, created_at, updated_at)
				VALUES (:id, :residentId, :category, :title, :description, :stationId, :address,
				    :contactPhone, :preferredTime, :status, :createdAt, :updatedAt)""")
			.bind("id", s.id())
			.bind("residentId", s.residentId())
			.bind("category", s.category())
			.bind("title", s.title())
			.bind("description", nullable(s.description(), String.class))
			.bind("stationId", s.stationId())
			.bind("address", nullable(s.address(), String.class))
			.bind("contactPhone", s.contactPhone())
			.bind("preferredTime", nullable(s.preferredTime(), Instant.class))
			.bind("status", s.status().name())
			.bind("createdAt", s.createdAt())
			.bind("updatedAt", s.updatedAt());
		return spec.then().then(appendHistory(s, 0));
	}

	/** Writes the changed state and the history entries added since the order was loaded. */
	public Mono<Void> update(ServiceOrder order) {
		ServiceOrder.Snapshot s = order.snapshot();
		Evaluation resident = s.residentEvaluation();
		Evaluation staff = s.staffEvaluation();
		GenericExecuteSpec spec = db.sql("""
				UPDATE service_order SET status = :status, team_id = :teamId, accept_deadline = :acceptDeadline,
				    due_at = :dueAt, overdue = :overdue, volunteer_ids = :volunteerIds,
				    excluded_team_ids = :excludedTeamIds, summary = :summary, reported_hours = :reportedHours,
				    approved_hours = :approvedHours, resident_rating = :residentRating,
				    resident_comment = :residentComment, resident_rated_by = :residentRatedBy,
				    resident_rated_at = :residentRatedAt, staff_rating = :staffRating, staff_comment = :staffComment,
				    staff_rated_by = :staffRatedBy, staff_rated_at = :staffRatedAt, final_rating = :finalRating,
				    completed_at = :completedAt, updated_at = :updatedAt
				WHERE id = :id""")
			.bind("id", s.id())
			.bind("status", s.status().name())
			.bind("teamId", nullable(s.teamId(), UUID.class))
			.bind("acceptDeadline", nullable(s.acceptDeadline(), Instant.class))
			.bind("dueAt", nullable(s.dueAt(), Instant.class))
			.bind("overdue", s.overdue())
			.bind("volunteerIds", s.volunteerIds().toArray(UUID[]::new))
			.bind("excludedTeamIds", s.excludedTeamIds().toArray(UUID[]::new))
			.bind("summary", nullable(s.summary(), String.class))
			.bind("reportedHours", Json.of(json.writeValueAsString(s.reportedHours())))
			.bind("approvedHours", Json.of(json.writeValueAsString(s.approvedHours())))
			.bind("residentRating", nullable(resident == null ? null : (short) resident.rating(), Short.class))
			.bind("residentComment", nullable(resident == null ? null : resident.comment(), String.class))
			.bind("residentRatedBy", nullable(resident == null ? null : resident.evaluatorId(), UUID.class))
			.bind("residentRatedAt", nullable(resident == null ? null : resident.at(), Instant.class))
			.bind("staffRating", nullable(staff == null ? null : (short) staff.rating(), Short.class))
			.bind("staffComment", nullable(staff == null ? null : staff.comment(), String.class))
			.bind("staffRatedBy", nullable(staff == null ? null : staff.evaluatorId(), UUID.class))
			.bind("staffRatedAt", nullable(staff == null ? null : staff.at(), Instant.class))
			.bind("finalRating", nullable(s.finalRating(), BigDecimal.class))
			.bind("completedAt", nullable(s.completedAt(), Instant.class))
			.bind("updatedAt", s.updatedAt());
		return spec.then()
			.then(db.sql("SELECT count(*) AS n FROM order_history WHERE order_id = :id")
				.bind("id", s.id())
				.map(row -> row.get("n", Long.class))
				.one())
			.flatMap(stored -> appendHistory(s, stored.intValue()));
	}

	private Mono<Void> appendHistory(ServiceOrder.Snapshot s, int from) {
		List<HistoryEntry> entries = s.history();
		return Flux.range(from, Math.max(0, entries.size() - from))
			.concatMap(seq -> {
				HistoryEntry e = entries.get(seq);
				return db.sql("""
						INSERT INTO order_history (order_id, seq, status, action, at, actor_id, team_id, note)
						VALUES (:orderId, :seq, :status, :action, :at, :actorId, :teamId, :note)""")
					.bind("orderId", s.id())
					.bind("seq", seq)
					.bind("status", e.status().name())
					.bind("action", e.action().name())
					.bind("at", e.at())
					.bind("actorId", nullable(e.actorId(), UUID.class))
					.bind("teamId", nullable(e.teamId(), UUID.class))
					.bind("note", nullable(e.note(), String.class))
					.then();
			})
			.then();
	}

	/** Dispatched orders whose accept deadline has passed, earliest first. */
	public Flux<UUID> findExpiredAcceptDeadlines(Instant now, int limit) {
		return ids("""
				SELECT id FROM service_order WHERE status = 'DISPATCHED' AND accept_deadline <= :at
				ORDER BY accept_deadline LIMIT :limit""", now, limit);
	}

	/** Accepted or started orders past their due time that have not been flagged yet. */
	public Flux<UUID> findPastDue(Instant now, int limit) {
		return ids("""
				SELECT id FROM service_order WHERE status IN ('ACCEPTED', 'IN_SERVICE') AND NOT overdue
				AND due_at <= :at ORDER BY due_at LIMIT :limit""", now, limit);
	}

	/** Completed orders with only the staff review, completed before the given time. */
	public Flux<UUID> findStaffRatedOnly(Instant completedBefore, int limit) {
		return ids("""
				SELECT id FROM service_order WHERE status = 'COMPLETED' AND staff_rating IS NOT NULL
				AND resident_rating IS NULL AND completed_at <= :at ORDER BY completed_at LIMIT :limit""",
				completedBefore, limit);
	}

	/** Ids read in full before anyone works on them, so no connection is held during the work. */
	private Flux<UUID> ids(String sql, Instant at, int limit) {
		return db.sql(sql)
			.bind("at", at)
			.bind("limit", limit)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable);
	}

	private ServiceOrder.Snapshot readRow(Readable row) {
		Short residentRating = row.get("resident_rating", Short.class);
		Short staffRating = row.get("staff_rating", Short.class);
		return new ServiceOrder.Snapshot(row.get("id", UUID.class), row.get("resident_id", UUID.class),
				row.get("category", String.class), row.get("title", String.class),
				row.get("description", String.class), row.get("station_id", UUID.class),
				row.get("address", String.class), row.get("contact_phone", String.class),
				row.get("preferred_time", Instant.class), row.get("created_at", Instant.class),
				OrderStatus.valueOf(row.get("status", String.class)), row.get("team_id", UUID.class),
				row.get("accept_deadline", Instant.class), row.get("due_at", Instant.class),
				Boolean.TRUE.equals(row.get("overdue", Boolean.class)), uuids(row.get("volunteer_ids", UUID[].class)),
				Set.copyOf(uuids(row.get("excluded_team_ids", UUID[].class))), row.get("summary", String.class),
				hours(row.get("reported_hours", Json.class)), hours(row.get("approved_hours", Json.class)),
				residentRating == null ? null
						: new Evaluation(Evaluator.RESIDENT, row.get("resident_rated_by", UUID.class), residentRating,
								row.get("resident_comment", String.class), row.get("resident_rated_at", Instant.class)),
				staffRating == null ? null
						: new Evaluation(Evaluator.STAFF, row.get("staff_rated_by", UUID.class), staffRating,
								row.get("staff_comment", String.class), row.get("staff_rated_at", Instant.class)),
				row.get("final_rating", BigDecimal.class), row.get("completed_at", Instant.class),
				row.get("updated_at", Instant.class), List.of());
	}

	private Map<UUID, BigDecimal> hours(Json value) {
		return value == null ? Map.of() : json.readValue(value.asString(), HOURS);
	}

	private static List<UUID> uuids(UUID[] values) {
		return values == null ? List.of() : Arrays.asList(values);
	}

	static <T> Parameter nullable(T value, Class<T> type) {
		return Parameter.fromOrEmpty(value, type);
	}

}
