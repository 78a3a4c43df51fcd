package org.civicdispatch.order.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.order.org.OrgUnit;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * 分析研判 of orders: the figures of the orders placed in a period at the stations of an org unit's
 * subtree, in three statements that run at once: the counts grouped four ways in one pass
 * ({@code GROUPING SETS}), the percentiles, and the unit's children. Each reads the orders through
 * {@code service_order_station} (one station) or {@code service_order_created} (a period of many).
 */
@Component
public class OrderStats {

	/** The stations under the unit, each with the child of the unit it lies under (null for the unit itself). */
	static final String STATIONS = """
			stations AS (
			    SELECT s.id AS station_id,
			           (s.ancestor_ids || s.id)[array_position(s.ancestor_ids || s.id, :unit) + 1] AS child_id
			    FROM org_unit s
			    WHERE s.level = 'STATION' AND (s.id = :unit OR :unit = ANY (s.ancestor_ids)))""";

	/**
	 * The orders of those stations placed in [start, end). {@code :stations} holds the same stations,
	 * read first: with it the planner knows how many orders to expect (a station's few through its
	 * index, a centre's many in one pass) instead of visiting every order's page once per station.
	 */
	static final String ORDERS = """
			FROM service_order o JOIN stations st ON st.station_id = o.station_id
			WHERE o.station_id = ANY (:stations) AND o.created_at >= :start AND o.created_at < :end""";

	static final String COUNTS = """
			WITH %s,
			placed AS (
			    SELECT st.child_id, o.category, (o.created_at AT TIME ZONE :zone)::date AS day, o.status,
			           o.completed_at IS NOT NULL AS completed,
			           o.completed_at IS NOT NULL AND o.completed_at <= o.due_at AS on_time,
			           o.overdue OR (o.due_at IS NOT NULL AND (o.completed_at > o.due_at
			               OR (o.completed_at IS NULL AND o.status IN ('ACCEPTED', 'IN_SERVICE') AND o.due_at <= :now)))
			               AS overdue,
			           o.final_rating,
			           CASE WHEN o.status = 'EVALUATED' THEN o.hours_total END AS hours
			    %s)
			SELECT GROUPING(child_id) AS g_unit, GROUPING(category) AS g_category, GROUPING(day) AS g_day,
			       child_id, category, day,
			       count(*) AS placed,
			       count(*) FILTER (WHERE completed) AS completed,
			       count(*) FILTER (WHERE status = 'EVALUATED') AS evaluated,
			       count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
			       count(*) FILTER (WHERE overdue) AS overdue,
			       count(*) FILTER (WHERE on_time) AS on_time,
			       avg(final_rating) AS satisfaction,
			       sum(hours) AS volunteer_hours
			FROM placed
			GROUP BY GROUPING SETS ((), (child_id), (category), (day))""".formatted(STATIONS, ORDERS);

	static final String PERCENTILES = """
			WITH %s
			SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.accepted_at - o.created_at))
			           FILTER (WHERE o.accepted_at IS NOT NULL) / 60 AS accept_p50,
			       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o.accepted_at - o.created_at))
			           FILTER (WHERE o.accepted_at IS NOT NULL) / 60 AS accept_p90,
			       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.completed_at - o.created_at))
			           FILTER (WHERE o.completed_at IS NOT NULL) / 3600 AS complete_p50,
			       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o.completed_at - o.created_at))
			           FILTER (WHERE o.completed_at IS NOT NULL) / 3600 AS complete_p90
			%s""".formatted(STATIONS, ORDERS);

	/**
	 * Memory for the sorts of the percentiles and the hash tables of the groups of a district's years
	 * (a few hundred thousand rows), so that they do not spill to disk; for these statements only.
	 */
	static final String WORK_MEM = "SET LOCAL work_mem = '64MB'";

	/** The stations are joined by hashing them once, never by a scan of the orders per station. */
	static final String HASH_JOIN = "SET LOCAL enable_nestloop = off";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	public OrderStats(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
	}

	@Schema(description = "Median and 90th percentile; null when no order counts")
	public record Percentiles(Double p50, Double p90) {
	}

	public record CategoryFigures(String code, String name, long placed, long completed) {
	}

	public record UnitFigures(UUID orgUnitId, String name, String level, long placed, long completed, long overdue,
			@Schema(nullable = true) BigDecimal satisfaction) {
	}

	public record DayFigures(LocalDate date, long placed, long completed) {
	}

	@Schema(description = """
			Figures of the orders placed in [from, to) at the stations of the org unit's subtree. \
			`placed`: all of them. `completed`: those the team reported done (status COMPLETED or \
			EVALUATED). `evaluated`: status EVALUATED. `cancelled`: status CANCELLED. `overdue`: those that \
			were accepted and passed their due time (`dueAt`, the category's SLA from acceptance) unfinished: \
			completed after it, or still accepted or under way at or past it now. `completionRate` = \
			completed / (placed − cancelled). `onTimeRate` = completed at or before their due time / \
			completed. `satisfaction`: the mean final rating (1–5, 0.6 × resident + 0.4 × staff) of the \
			evaluated orders. Rates are fractions from 0 to 1 with four decimals, satisfaction has two; each \
			is null (never NaN) when its denominator is 0. `volunteerHours`: the approved hours (reported \
			hours as corrected by staff) of the evaluated orders, the hours that went to the volunteers' \
			service records. `minutesToAccept`: from placing to the team's acceptance, over the accepted \
			orders; `hoursToComplete`: from placing to the reported completion, over the completed orders. \
			`byCategory`: every catalogue category, in catalogue order. `byUnit`: the unit's direct \
			children (institutes of a centre, stations of an institute), each over its subtree, by name; \
			empty for a station. `byDay`: every day of the period, with the orders placed that day and how \
			many of those are completed now.""")
	public record Figures(UUID orgUnitId, LocalDate from, LocalDate to, String timeZone, long placed, long completed,
			long evaluated, long cancelled, long overdue, @Schema(nullable = true) BigDecimal completionRate,
			@Schema(nullable = true) BigDecimal onTimeRate, @Schema(nullable = true) BigDecimal satisfaction,
			BigDecimal volunteerHours, Percentiles minutesToAccept, Percentiles hoursToComplete,
			List<CategoryFigures> byCategory, List<UnitFigures> byUnit, List<DayFigures> byDay) {
	}

	/** One group of the counting statement. */
	private record Row(boolean total, boolean byUnit, boolean byCategory, boolean byDay, UUID childId, String category,
			LocalDate day, long placed, long completed, long evaluated, long cancelled, long overdue, long onTime,
			BigDecimal satisfaction, BigDecimal hours) {
	}

	private record Unit(UUID id, String name, String level) {
	}

	private record Category(String code, String name) {
	}

	/** The stations of the unit's subtree (the unit itself when it is one). */
	Mono<UUID[]> stations(UUID unit) {
		return Mono.fromFuture(() -> db.sql("WITH " + STATIONS + " SELECT station_id FROM stations")
			.bind("unit", unit)
			.map(row -> row.get("station_id", UUID.class))
			.all()
			.collectList()
			.toFuture(), true)
			.map(list -> list.toArray(UUID[]::new));
	}

	public Mono<Figures> figures(OrgUnit unit, StatsPeriod period, ZoneId zone, Instant now) {
		return stations(unit.id()).flatMap(stations -> figures(unit, stations, period, zone, now));
	}

	private Mono<Figures> figures(OrgUnit unit, UUID[] stations, StatsPeriod period, ZoneId zone, Instant now) {
		Mono<List<Row>> counts = db.sql(COUNTS)
			.bind("unit", unit.id())
			.bind("stations", stations)
			.bind("start", period.start())
			.bind("end", period.end())
			.bind("zone", zone.getId())
			.bind("now", now)
			.map(OrderStats::row)
			.all()
			.collectList();
		Mono<Percentiles[]> percentiles = db.sql(PERCENTILES)
			.bind("unit", unit.id())
			.bind("stations", stations)
			.bind("start", period.start())
			.bind("end", period.end())
			.map(row -> new Percentiles[] {
					new Percentiles(round1(row.get("accept_p50", Double.class)), round1(row.get("accept_p90", Double.class))),
					new Percentiles(round1(row.get("complete_p50", Double.class)),
							round1(row.get("complete_p90", Double.class))) })
			.one();
		Mono<List<Unit>> children = db.sql("SELECT id, name, level FROM org_unit WHERE parent_id = :unit ORDER BY name, id")
			.bind("unit", unit.id())
			.map(row -> new Unit(row.get("id", UUID.class), row.get("name", String.class), row.get("level", String.class)))
			.all()
			.collectList();
		Mono<List<Category>> categories = db.sql("SELECT code, name FROM catalog_category ORDER BY position")
			.map(row -> new Category(row.get("code", String.class), row.get("name", String.class)))
			.all()
			.collectList();
		// one after another on one connection: a call never holds more than one, and a client that hangs
		// up mid-way gives it back with the transaction's rollback
		Mono<Figures> figures = counts.flatMap(rows -> percentiles.flatMap(p -> children
			.flatMap(units -> categories.map(codes -> assemble(unit, period, zone, rows, p, units, codes)))));
		// read whole even when the client has hung up meanwhile (it takes a moment): a cancelled
		// transaction must not keep its connection
		return Mono.fromFuture(
				() -> tx.transactional(db.sql(WORK_MEM).then().then(db.sql(HASH_JOIN).then()).then(figures)).toFuture(),
				true);
	}

	private static Figures assemble(OrgUnit unit, StatsPeriod period, ZoneId zone, List<Row> rows,
			Percentiles[] percentiles, List<Unit> children, List<Category> categories) {
		Row total = null;
		Map<UUID, Row> units = new HashMap<>();
		Map<String, Row> byCategory = new HashMap<>();
		Map<LocalDate, Row> byDay = new HashMap<>();
		for (Row row : rows) {
			if (row.total()) {
				total = row;
			}
			else if (row.byUnit() && row.childId() != null) {
				units.put(row.childId(), row);
			}
			else if (row.byCategory()) {
				byCategory.put(row.category(), row);
			}
			else if (row.byDay()) {
				byDay.put(row.day(), row);
			}
		}
		Row none = new Row(true, false, false, false, null, null, null, 0, 0, 0, 0, 0, 0, null, null);
		Row all = total == null ? none : total;
		List<CategoryFigures> categoryFigures = categories.stream().map(c -> {
			Row r = byCategory.getOrDefault(c.code(), none);
			return new CategoryFigures(c.code(), c.name(), r.placed(), r.completed());
		}).toList();
		List<UnitFigures> unitFigures = children.stream().map(u -> {
			Row r = units.getOrDefault(u.id(), none);
			return new UnitFigures(u.id(), u.name(), u.level(), r.placed(), r.completed(), r.overdue(),
					rating(r.satisfaction()));
		}).toList();
		List<DayFigures> dayFigures = new ArrayList<>();
		for (LocalDate d = period.from(); d.isBefore(period.to()); d = d.plusDays(1)) {
			Row r = byDay.getOrDefault(d, none);
			dayFigures.add(new DayFigures(d, r.placed(), r.completed()));
		}
		return new Figures(unit.id(), period.from(), period.to(), zone.getId(), all.placed(), all.completed(),
				all.evaluated(), all.cancelled(), all.overdue(), rate(all.completed(), all.placed() - all.cancelled()),
				rate(all.onTime(), all.completed()), rating(all.satisfaction()),
				all.hours() == null ? BigDecimal.ZERO : all.hours().setScale(2, RoundingMode.HALF_UP),
				percentiles[0], percentiles[1], categoryFigures, unitFigures, dayFigures);
	}

	/** A fraction with four decimals, or null when there is nothing to divide by. */
	static BigDecimal rate(long part, long whole) {
		return whole <= 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
	}

	private static BigDecimal rating(BigDecimal mean) {
		return mean == null ? null : mean.setScale(2, RoundingMode.HALF_UP);
	}

	private static Double round1(Double value) {
		return value == null || value.isNaN() ? null : Math.round(value * 10) / 10.0;
	}

	private static Row row(Readable r) {
		boolean gUnit = r.get("g_unit", Integer.class) == 0;
		boolean gCategory = r.get("g_category", Integer.class) == 0;
		boolean gDay = r.get("g_day", Integer.class) == 0;
		return new Row(!gUnit && !gCategory && !gDay, gUnit, gCategory, gDay, r.get("child_id", UUID.class),
				r.get("category", String.class), r.get("day", LocalDate.class), count(r, "placed"),
				count(r, "completed"), count(r, "evaluated"), count(r, "cancelled"), count(r, "overdue"),
				count(r, "on_time"), r.get("satisfaction", BigDecimal.class), r.get("volunteer_hours", BigDecimal.class));
	}

	private static long count(Readable r, String column) {
		Long n = r.get(column, Long.class);
		return n == null ? 0 : n;
	}

}
