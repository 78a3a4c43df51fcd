package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.civicdispatch.order.serviceorder.Evaluation.Evaluator;
import org.civicdispatch.web.OrgUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Stores {@link ServiceOrder}s: one {@code service_order} row plus append-only
 * {@code order_history} rows.
 */
@Repository
public class OrderRepository {

	private static final TypeReference<Map<UUID, BigDecimal>> HOURS = new TypeReference<>() {
	};

	/**
	 * Reads and writes the hours columns. jsonb keeps any number PostgreSQL's numeric
	 * holds (up to 131,072 digits before the point and 16,383 after), far more than a
	 * JSON reader takes by default, and hours stored before they were checked may be such
	 * numbers. This reader takes them all, so that no stored order becomes unreadable;
	 * {@link #hours} rounds them to the two decimals hours have.
	 */
	private static final JsonMapper STORED_HOURS = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(200_000).build())
			.build())
		.build();

	/** History columns as {@link #readHistory} reads them. */
	private static final String HISTORY_COLUMNS = """
			h.seq AS h_seq, h.status AS h_status, h.action AS h_action, h.at AS h_at, h.actor_id AS h_actor_id,
			    h.team_id AS h_team_id, h.note AS h_note""";

	/**
	 * The order row with its history entries, one result row per entry (or one with no
	 * entry).
	 */
	private static final String LOAD = """
			SELECT o.*, %s
			FROM service_order o LEFT JOIN order_history h ON h.order_id = o.id
			WHERE o.id = :id
			ORDER BY h.seq""".formatted(HISTORY_COLUMNS);

	private final DatabaseClient db;

	public OrderRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<ServiceOrder> findById(UUID id) {
		return load(LOAD, id);
	}

	/**
	 * Loads the order and locks its row until the transaction ends; every change goes
	 * through this.
	 */
	public Mono<ServiceOrder> lock(UUID id) {
		return lockThenLoad("FOR UPDATE", id);
	}

	/**
	 * Like {@link #lock} but empty when another transaction (maybe another instance)
	 * holds the row.
	 */
	public Mono<ServiceOrder> lockIfFree(UUID id) {
		return lockThenLoad("FOR UPDATE SKIP LOCKED", id);
	}

	/**
	 * Locks the row, then reads the order with its history in a statement of its own. A
	 * statement that waits for the lock sees the locked row as the transaction before it
	 * left it, but the rows it joins (the history) only as they were when the statement
	 * began: the next entry would take a number that transaction had just used. The
	 * statement after the lock sees everything it committed.
	 */
	private Mono<ServiceOrder> lockThenLoad(String lock, UUID id) {
		return db.sql("SELECT id FROM service_order WHERE id = :id " + lock)
			.bind("id", id)
			.map(row -> row.get("id", UUID.class))
			.one()
			.flatMap(locked -> load(LOAD, locked));
	}

	/**
	 * The order and its history in one round trip: the order's columns are read from the
	 * first row only.
	 */
	private Mono<ServiceOrder> load(String sql, UUID id) {
		return Mono.defer(() -> {
			boolean[] first = { true };
			return db.sql(sql).bind("id", id).map(row -> {
				ServiceOrder.Snapshot order = first[0] ? readRow(row) : null;
				first[0] = false;
				HistoryEntry entry = (row.get("h_seq", Integer.class) == null) ? null : readHistory(row);
				return new LoadedRow(order, entry);
			}).all().collectList();
		})
			.flatMap(rows -> rows.isEmpty() ? Mono.empty()
					: Mono.just(ServiceOrder.restore(rows.getFirst()
						.order()
						.with(rows.stream().map(LoadedRow::entry).filter(Objects::nonNull).toList()))));
	}

	private record LoadedRow(ServiceOrder.Snapshot order, HistoryEntry entry) {
	}

	/**
	 * What a placement names, as found: whether the category is in the catalogue, whether
	 * residents may order it directly, and whether the station is one.
	 */
	public record PlacementTargets(boolean category, boolean orderable, boolean station) {
	}

	/** Checks the category and the station of a new order in one round trip. */
	public Mono<PlacementTargets> placementTargets(String category, UUID stationId) {
		return db.sql("""
				SELECT EXISTS (SELECT 1 FROM catalog_category WHERE code = :category) AS category,
				       EXISTS (SELECT 1 FROM catalog_category WHERE code = :category AND orderable) AS orderable,
				       EXISTS (SELECT 1 FROM org_unit WHERE id = :station AND level = :stationLevel) AS station""")
			.bind("category", category)
			.bind("station", stationId)
			.bind("stationLevel", OrgUnit.STATION)
			.map(row -> new PlacementTargets(Boolean.TRUE.equals(row.get("category", Boolean.class)),
					Boolean.TRUE.equals(row.get("orderable", Boolean.class)),
					Boolean.TRUE.equals(row.get("station", Boolean.class))))
			.one();
	}

	/**
	 * The resident's unfinished orders at the station, counted under a lock on that pair
	 * which lasts until the transaction ends: two placements at the same moment are
	 * counted one after the other. The count is a statement of its own, so it sees what
	 * the transaction that held the lock committed.
	 */
	public Mono<Long> lockAndCountUnfinished(UUID residentId, UUID stationId) {
		return countUnfinishedUnderLock("unfinished-orders:" + residentId + ":" + stationId,
				"resident_id = :who AND placed_by IS DISTINCT FROM :who", residentId, stationId);
	}

	/**
	 * 帮办: as {@link #lockAndCountUnfinished}, for the orders helpers placed for the
	 * neighbour with this phone.
	 */
	public Mono<Long> lockAndCountUnfinishedFor(String beneficiaryPhone, UUID stationId) {
		return countUnfinishedUnderLock("unfinished-orders:" + beneficiaryPhone + ":" + stationId,
				"beneficiary_phone = :who AND placed_by IS NOT NULL", beneficiaryPhone, stationId);
	}

	private Mono<Long> countUnfinishedUnderLock(String lockKey, String whose, Object who, UUID stationId) {
		return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", lockKey)
			.then()
			.then(db
				.sql("SELECT count(*) AS n FROM service_order WHERE " + whose
						+ " AND station_id = :station AND status = ANY (:statuses)")
				.bind("who", who)
				.bind("station", stationId)
				.bind("statuses", OrderStatus.UNFINISHED.stream().map(Enum::name).toArray(String[]::new))
				.map(row -> row.get("n", Long.class))
				.one());
	}

	/** Orders by id, in the given order, with their history. */
	public Flux<ServiceOrder> findAll(List<UUID> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return db.sql("SELECT * FROM service_order WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(OrderRepository::readRow)
			.all()
			.collectMap(row -> row.id())
			.zipWith(history(ids))
			.flatMapIterable(t -> ids.stream()
				.filter(t.getT1()::containsKey)
				.map(id -> ServiceOrder.restore(t.getT1().get(id).with(t.getT2().getOrDefault(id, List.of()))))
				.toList());
	}

	private Mono<Map<UUID, List<HistoryEntry>>> history(Collection<UUID> orderIds) {
		return db
			.sql("SELECT h.order_id, %s FROM order_history h WHERE h.order_id = ANY(:ids) ORDER BY h.order_id, h.seq"
				.formatted(HISTORY_COLUMNS))
			.bind("ids", orderIds.toArray(UUID[]::new))
			.map(row -> Map.entry(row.get("order_id", UUID.class), readHistory(row)))
			.all()
			.collect(LinkedHashMap::new,
					(map, e) -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
	}

	/** Inserts the order and its history in one statement. */
	public Mono<Void> insert(ServiceOrder order) {
		ServiceOrder.Snapshot s = order.snapshot();
		GenericExecuteSpec spec = db.sql(withHistory("""
				INSERT INTO service_order (id, resident_id, category, title, description, station_id, address,
				    contact_phone, preferred_time, status, created_at, updated_at, placed_by, beneficiary_name,
				    beneficiary_phone, beneficiary_user_id)
				VALUES (:id, :residentId, :category, :title, :description, :stationId, :address,
				    :contactPhone, :preferredTime, :status, :createdAt, :updatedAt, :placedBy, :beneficiaryName,
				    :beneficiaryPhone, :beneficiaryUserId)""", s, 0))
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
		Beneficiary b = s.beneficiary();
		spec = spec.bind("placedBy", nullable(b == null ? null : b.placedBy(), UUID.class))
			.bind("beneficiaryName", nullable(b == null ? null : b.name(), String.class))
			.bind("beneficiaryPhone", nullable(b == null ? null : b.phone(), String.class))
			.bind("beneficiaryUserId", nullable(b == null ? null : b.userId(), UUID.class));
		return bindHistory(spec, s, 0).then();
	}

	/**
	 * Writes the changed state and the history entries added since the order was loaded.
	 */
	public Mono<Void> update(ServiceOrder order) {
		ServiceOrder.Snapshot s = order.snapshot();
		int stored = order.storedHistorySize();
		Evaluation resident = s.residentEvaluation();
		Evaluation staff = s.staffEvaluation();
		GenericExecuteSpec spec = db.sql(withHistory("""
				UPDATE service_order SET status = :status, team_id = :teamId, accept_deadline = :acceptDeadline,
				    due_at = :dueAt, overdue = :overdue, volunteer_ids = :volunteerIds,
				    excluded_team_ids = :excludedTeamIds, summary = :summary, reported_hours = :reportedHours,
				    approved_hours = :approvedHours, resident_rating = :residentRating,
				    resident_comment = :residentComment, resident_rated_by = :residentRatedBy,
				    resident_rated_at = :residentRatedAt, staff_rating = :staffRating, staff_comment = :staffComment,
				    staff_rated_by = :staffRatedBy, staff_rated_at = :staffRatedAt, final_rating = :finalRating,
				    completed_at = :completedAt, accepted_at = :acceptedAt, updated_at = :updatedAt,
				    appeal_status = :appealStatus, appeal_reason = :appealReason, appealed_by = :appealedBy,
				    appealed_at = :appealedAt, appeal_decision_note = :appealNote, appeal_decided_by = :appealDecidedBy,
				    appeal_decided_at = :appealDecidedAt
				WHERE id = :id""", s, stored))
			.bind("id", s.id())
			.bind("status", s.status().name())
			.bind("teamId", nullable(s.teamId(), UUID.class))
			.bind("acceptDeadline", nullable(s.acceptDeadline(), Instant.class))
			.bind("dueAt", nullable(s.dueAt(), Instant.class))
			.bind("overdue", s.overdue())
			.bind("volunteerIds", s.volunteerIds().toArray(UUID[]::new))
			.bind("excludedTeamIds", s.excludedTeamIds().toArray(UUID[]::new))
			.bind("summary", nullable(s.summary(), String.class))
			.bind("reportedHours", Json.of(STORED_HOURS.writeValueAsString(s.reportedHours())))
			.bind("approvedHours", Json.of(STORED_HOURS.writeValueAsString(s.approvedHours())))
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
			.bind("acceptedAt", nullable(s.acceptedAt(), Instant.class))
			.bind("updatedAt", s.updatedAt());
		Appeal a = s.appeal();
		spec = spec.bind("appealStatus", nullable(a == null ? null : a.status().name(), String.class))
			.bind("appealReason", nullable(a == null ? null : a.reason(), String.class))
			.bind("appealedBy", nullable(a == null ? null : a.appealedBy(), UUID.class))
			.bind("appealedAt", nullable(a == null ? null : a.appealedAt(), Instant.class))
			.bind("appealNote", nullable(a == null ? null : a.decisionNote(), String.class))
			.bind("appealDecidedBy", nullable(a == null ? null : a.decidedBy(), UUID.class))
			.bind("appealDecidedAt", nullable(a == null ? null : a.decidedAt(), Instant.class));
		return bindHistory(spec, s, stored).then();
	}

	/**
	 * The statement that writes the order, followed in the same statement by the insert
	 * of the history entries from {@code from} on (the order statement runs as a common
	 * table expression): one round trip.
	 */
	private static String withHistory(String orderStatement, ServiceOrder.Snapshot s, int from) {
		int count = s.history().size() - from;
		if (count <= 0) {
			return orderStatement;
		}
		StringBuilder sql = new StringBuilder("WITH written AS (").append(orderStatement)
			.append(")\n")
			.append("INSERT INTO order_history (order_id, seq, status, action, at, actor_id, team_id, note) VALUES ");
		for (int seq = from; seq < s.history().size(); seq++) {
			sql.append(seq == from ? "" : ", ")
				.append("(:id, :seq")
				.append(seq)
				.append(", :hStatus")
				.append(seq)
				.append(", :hAction")
				.append(seq)
				.append(", :hAt")
				.append(seq)
				.append(", :hActor")
				.append(seq)
				.append(", :hTeam")
				.append(seq)
				.append(", :hNote")
				.append(seq)
				.append(')');
		}
		return sql.toString();
	}

	private static GenericExecuteSpec bindHistory(GenericExecuteSpec spec, ServiceOrder.Snapshot s, int from) {
		List<HistoryEntry> entries = s.history();
		for (int seq = from; seq < entries.size(); seq++) {
			HistoryEntry e = entries.get(seq);
			spec = spec.bind("seq" + seq, seq)
				.bind("hStatus" + seq, e.status().name())
				.bind("hAction" + seq, e.action().name())
				.bind("hAt" + seq, e.at())
				.bind("hActor" + seq, nullable(e.actorId(), UUID.class))
				.bind("hTeam" + seq, nullable(e.teamId(), UUID.class))
				.bind("hNote" + seq, nullable(e.note(), String.class));
		}
		return spec;
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

	/**
	 * Ids read in full before anyone works on them, so no connection is held during the
	 * work.
	 */
	private Flux<UUID> ids(String sql, Instant at, int limit) {
		return db.sql(sql)
			.bind("at", at)
			.bind("limit", limit)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable);
	}

	private static HistoryEntry readHistory(Readable row) {
		return new HistoryEntry(OrderStatus.valueOf(row.get("h_status", String.class)),
				OrderAction.valueOf(row.get("h_action", String.class)), row.get("h_at", Instant.class),
				row.get("h_actor_id", UUID.class), row.get("h_team_id", UUID.class), row.get("h_note", String.class));
	}

	private static ServiceOrder.Snapshot readRow(Readable row) {
		Short residentRating = row.get("resident_rating", Short.class);
		Short staffRating = row.get("staff_rating", Short.class);
		return new ServiceOrder.Snapshot(row.get("id", UUID.class), row.get("resident_id", UUID.class),
				row.get("category", String.class), row.get("title", String.class), row.get("description", String.class),
				row.get("station_id", UUID.class), row.get("address", String.class),
				row.get("contact_phone", String.class), row.get("preferred_time", Instant.class),
				row.get("created_at", Instant.class), OrderStatus.valueOf(row.get("status", String.class)),
				row.get("team_id", UUID.class), row.get("accept_deadline", Instant.class),
				row.get("due_at", Instant.class), Boolean.TRUE.equals(row.get("overdue", Boolean.class)),
				uuids(row.get("volunteer_ids", UUID[].class)),
				Set.copyOf(uuids(row.get("excluded_team_ids", UUID[].class))), row.get("summary", String.class),
				hours(row.get("reported_hours", Json.class)), hours(row.get("approved_hours", Json.class)),
				residentRating == null ? null
						: new Evaluation(Evaluator.RESIDENT, row.get("resident_rated_by", UUID.class), residentRating,
								row.get("resident_comment", String.class), row.get("resident_rated_at", Instant.class)),
				staffRating == null ? null
						: new Evaluation(Evaluator.STAFF, row.get("staff_rated_by", UUID.class), staffRating,
								row.get("staff_comment", String.class), row.get("staff_rated_at", Instant.class)),
				row.get("final_rating", BigDecimal.class), row.get("completed_at", Instant.class),
				row.get("accepted_at", Instant.class), row.get("updated_at", Instant.class), List.of(),
				readBeneficiary(row), readAppeal(row));
	}

	private static Beneficiary readBeneficiary(Readable row) {
		UUID placedBy = row.get("placed_by", UUID.class);
		return placedBy == null ? null : new Beneficiary(row.get("beneficiary_name", String.class),
				row.get("beneficiary_phone", String.class), row.get("beneficiary_user_id", UUID.class), placedBy);
	}

	private static Appeal readAppeal(Readable row) {
		String status = row.get("appeal_status", String.class);
		return status == null ? null
				: new Appeal(Appeal.Status.valueOf(status), row.get("appeal_reason", String.class),
						row.get("appealed_by", UUID.class), row.get("appealed_at", Instant.class),
						row.get("appeal_decision_note", String.class), row.get("appeal_decided_by", UUID.class),
						row.get("appeal_decided_at", Instant.class));
	}

	private static Map<UUID, BigDecimal> hours(Json value) {
		if (value == null) {
			return Map.of();
		}
		Map<UUID, BigDecimal> hours = new LinkedHashMap<>();
		STORED_HOURS.readValue(value.asString(), HOURS)
			.forEach((volunteer, h) -> hours.put(volunteer, h == null ? BigDecimal.ZERO
					: ServiceOrder.shortest(h.setScale(ServiceOrder.HOURS_SCALE, RoundingMode.HALF_UP))));
		return hours;
	}

	private static List<UUID> uuids(UUID[] values) {
		return values == null ? List.of() : Arrays.asList(values);
	}

	static <T> Parameter nullable(T value, Class<T> type) {
		return Parameter.fromOrEmpty(value, type);
	}

}
