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
import org.civicdispatch.web.OrgUnit;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * 分析研判 of orders: the figures of the orders placed in a period at the stations of an org
 * unit's subtree, added up from the read model of {@code V8__order_stats_read_model.sql}:
 * per unit and day (in the configured time zone) the counts, sums and the times to
 * acceptance and completion of the orders placed that day, kept by the database in the
 * transaction of every change of an order. A centre's three years are about a thousand
 * rows, whatever the number of orders; only the orders whose overdue depends on the clock
 * (accepted or under way, not flagged yet) are read from the orders themselves. All
 * statements read one snapshot, on one connection, one after the other.
 */
@Component
class OrderStats {

	/**
	 * The stations under the unit, each with the child of the unit it lies under (null
	 * for the unit itself).
	 */
	static final String STATIONS = """
			stations AS MATERIALIZED (
			    SELECT s.id AS station_id,
			           (s.ancestor_ids || s.id)[array_position(s.ancestor_ids || s.id, :unit) + 1] AS child_id
			    FROM org_unit s
			    WHERE s.level = 'STATION' AND (s.id = :unit OR :unit = ANY (s.ancestor_ids)))""";

	/**
	 * One snapshot for every statement that follows (a read-only transaction never
	 * conflicts).
	 */
	static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

	/**
	 * The time zone the read model counts days in; the first query of the snapshot. For
	 * the statements after it: memory for the sort of a district's years of percentiles
	 * (a few hundred thousand values), and a plan for the period and unit at hand each
	 * time (the generic plan a prepared statement gets after its fifth run guesses how
	 * many orders a period holds, and read a centre's three years of orders to find the
	 * few overdue by the clock).
	 */
	static final String ZONE = """
			SELECT zone, set_config('work_mem', '64MB', true) AS work_mem,
			       set_config('plan_cache_mode', 'force_custom_plan', true) AS plan_cache_mode
			FROM order_stats_zone""";

	/** The unit's days of the period. */
	static final String DAYS = """
			SELECT day, placed, completed, evaluated, cancelled, overdue, on_time, rated, rating_sum, hours
			FROM order_stats_day
			WHERE unit_id = :unit AND day >= :from AND day < :to""";

	/**
	 * Every catalogue category, in catalogue order, with its orders of the unit's period.
	 */
	static final String CATEGORIES = """
			SELECT c.code, c.name, coalesce(f.placed, 0) AS placed, coalesce(f.completed, 0) AS completed
			FROM catalog_category c
			LEFT JOIN (SELECT category, sum(placed) AS placed, sum(completed) AS completed
			           FROM order_stats_day_category
			           WHERE unit_id = :unit AND day >= :from AND day < :to
			           GROUP BY category) f ON f.category = c.code
			ORDER BY c.position""";

	/** The unit's children, by name, each with its sums over the period. */
	static final String CHILDREN = """
			SELECT u.id, u.name, u.level, f.*
			FROM org_unit u
			CROSS JOIN LATERAL (
			    SELECT sum(d.placed) AS placed, sum(d.completed) AS completed, sum(d.evaluated) AS evaluated,
			           sum(d.cancelled) AS cancelled, sum(d.overdue) AS overdue, sum(d.on_time) AS on_time,
			           sum(d.rated) AS rated, sum(d.rating_sum) AS rating_sum, sum(d.hours) AS hours
			    FROM order_stats_day d
			    WHERE d.unit_id = u.id AND d.day >= :from AND d.day < :to) f
			WHERE u.parent_id = :unit
			ORDER BY u.name, u.id""";

	/**
	 * The orders of the period that are overdue only because of the clock: accepted or
	 * under way, not flagged by the sweep yet, at or past their due time now; per child
	 * of the unit. Read from {@code service_order_open_due} alone.
	 */
	static final String OVERDUE_NOW = """
			WITH %s
			SELECT st.child_id, count(*) AS overdue
			FROM service_order o JOIN stations st ON st.station_id = o.station_id
			WHERE o.status IN ('ACCEPTED', 'IN_SERVICE') AND NOT o.overdue AND o.due_at <= :now
			  AND o.completed_at IS NULL AND o.created_at >= :start AND o.created_at < :end
			GROUP BY st.child_id""".formatted(STATIONS);

	/**
	 * {@code percentile_cont} over the exact times of the unit's days, as the orders
	 * would give them; each sorted once (materialized, or each use of a[i] would sort
	 * again).
	 */
	static final String PERCENTILES = """
			WITH p AS MATERIALIZED (
			    SELECT (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY v)
			            FROM (SELECT unnest(accept_seconds) AS v FROM order_stats_day
			                  WHERE unit_id = :unit AND day >= :from AND day < :to) x) AS a,
			           (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY v)
			            FROM (SELECT unnest(complete_seconds) AS v FROM order_stats_day
			                  WHERE unit_id = :unit AND day >= :from AND day < :to) x) AS c)
			SELECT a[1] / 60 AS accept_p50, a[2] / 60 AS accept_p90, c[1] / 3600 AS complete_p50, c[2] / 3600 AS complete_p90
			FROM p""";

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

	public record UnitFigures(UUID orgUnitId, String name, String level, long placed, long completed, long cancelled,
			long overdue, @Schema(nullable = true) BigDecimal completionRate,
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
			orders; `hoursToComplete`: from placing to the reported completion, over the completed orders \
			(`percentile_cont` over every order, one decimal). `byCategory`: every catalogue category, in \
			catalogue order. `byUnit`: the unit's direct children (institutes of a centre, stations of an \
			institute), each over its subtree, by name, with `placed`, `completed`, `cancelled`, `overdue`, \
			`completionRate` and `satisfaction` as defined above for the child's orders; empty for a \
			station. `byDay`: every day of the period, with the orders placed that day and how many of \
			those are completed now.""")
	public record Figures(UUID orgUnitId, LocalDate from, LocalDate to, String timeZone, long placed, long completed,
			long evaluated, long cancelled, long overdue, @Schema(nullable = true) BigDecimal completionRate,
			@Schema(nullable = true) BigDecimal onTimeRate, @Schema(nullable = true) BigDecimal satisfaction,
			BigDecimal volunteerHours, Percentiles minutesToAccept, Percentiles hoursToComplete,
			List<CategoryFigures> byCategory, List<UnitFigures> byUnit, List<DayFigures> byDay) {
	}

	/** The sums of some days of one unit (a day, the period, a child's period). */
	private record Sums(long placed, long completed, long evaluated, long cancelled, long overdue, long onTime,
			long rated, BigDecimal ratingSum, BigDecimal hours) {

		static final Sums NONE = new Sums(0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

		Sums plus(Sums o) {
			return new Sums(placed + o.placed, completed + o.completed, evaluated + o.evaluated,
					cancelled + o.cancelled, overdue + o.overdue, onTime + o.onTime, rated + o.rated,
					ratingSum.add(o.ratingSum), hours.add(o.hours));
		}

		Sums overdueToo(long more) {
			return new Sums(placed, completed, evaluated, cancelled, overdue + more, onTime, rated, ratingSum, hours);
		}

		/** The mean rating with two decimals, null when no order is rated. */
		BigDecimal satisfaction() {
			return rated == 0 ? null : ratingSum.divide(BigDecimal.valueOf(rated), 2, RoundingMode.HALF_UP);
		}

		BigDecimal completionRate() {
			return rate(completed, placed - cancelled);
		}

	}

	private record Day(LocalDate day, Sums sums) {
	}

	private record Child(UUID id, String name, String level, Sums sums) {
	}

	/**
	 * Orders overdue by the clock under a child of the unit (null: at the unit, a
	 * station, itself).
	 */
	private record OverdueNow(UUID childId, long count) {
	}

	/** The read model counts days in another time zone than the one asked for. */
	private static final class OtherZone extends RuntimeException {

		OtherZone() {
			super(null, null, false, false);
		}

	}

	/** The stations of the unit's subtree (the unit itself when it is one). */
	Mono<UUID[]> stations(UUID unit) {
		return Mono
			.fromFuture(() -> db.sql("WITH " + STATIONS + " SELECT station_id FROM stations")
				.bind("unit", unit)
				.map(row -> row.get("station_id", UUID.class))
				.all()
				.collectList()
				.toFuture(), true)
			.map(list -> list.toArray(UUID[]::new));
	}

	/**
	 * The figures, read in one read-only transaction that runs to its end even when the
	 * client hangs up meanwhile (the platform's transactions are not cancelled), so its
	 * connection goes back at once. When the service's time zone is not the one the read
	 * model counts in (it is counted anew at start, {@link OrderStatsZone}), it is
	 * counted anew first.
	 */
	public Mono<Figures> figures(OrgUnit unit, StatsPeriod period, ZoneId zone, Instant now) {
		return read(unit, period, zone, now).onErrorResume(OtherZone.class,
				e -> countIn(zone).then(read(unit, period, zone, now)));
	}

	/**
	 * Counts the read model anew by the days of the zone unless it already is: true when
	 * it did.
	 */
	Mono<Boolean> countIn(ZoneId zone) {
		return tx.transactional(db.sql("SELECT order_stats_use_zone(:zone) AS counted")
			.bind("zone", zone.getId())
			.map(row -> Boolean.TRUE.equals(row.get("counted", Boolean.class)))
			.one());
	}

	private Mono<Figures> read(OrgUnit unit, StatsPeriod period, ZoneId zone, Instant now) {
		Mono<String> countedIn = db.sql(ZONE).map(row -> row.get("zone", String.class)).one();
		Mono<List<Day>> days = ofUnitAndPeriod(DAYS, unit, period)
			.map(row -> new Day(row.get("day", LocalDate.class), sums(row)))
			.all()
			.collectList();
		Mono<List<CategoryFigures>> categories = ofUnitAndPeriod(CATEGORIES, unit, period)
			.map(row -> new CategoryFigures(row.get("code", String.class), row.get("name", String.class),
					count(row, "placed"), count(row, "completed")))
			.all()
			.collectList();
		Mono<List<Child>> children = ofUnitAndPeriod(CHILDREN, unit, period)
			.map(row -> new Child(row.get("id", UUID.class), row.get("name", String.class),
					row.get("level", String.class), sums(row)))
			.all()
			.collectList();
		Mono<List<OverdueNow>> overdueNow = db.sql(OVERDUE_NOW)
			.bind("unit", unit.id())
			.bind("now", now)
			.bind("start", period.start())
			.bind("end", period.end())
			.map(row -> new OverdueNow(row.get("child_id", UUID.class), count(row, "overdue")))
			.all()
			.collectList();
		Mono<Percentiles[]> percentiles = ofUnitAndPeriod(PERCENTILES, unit, period).map(row -> new Percentiles[] {
				new Percentiles(round1(row.get("accept_p50", Double.class)),
						round1(row.get("accept_p90", Double.class))),
				new Percentiles(round1(row.get("complete_p50", Double.class)),
						round1(row.get("complete_p90", Double.class))) })
			.one();
		Mono<Figures> figures = countedIn
			.flatMap(counted -> counted.equals(zone.getId()) ? days : Mono.<List<Day>>error(new OtherZone()))
			.flatMap(d -> categories.flatMap(c -> children.flatMap(
					u -> overdueNow.flatMap(o -> percentiles.map(p -> assemble(unit, period, zone, d, c, u, o, p))))));
		return tx.transactional(db.sql(SNAPSHOT).then().then(figures));
	}

	/** The statement with the unit and the days of the period bound. */
	private GenericExecuteSpec ofUnitAndPeriod(String sql, OrgUnit unit, StatsPeriod period) {
		return db.sql(sql).bind("unit", unit.id()).bind("from", period.from()).bind("to", period.to());
	}

	private static Figures assemble(OrgUnit unit, StatsPeriod period, ZoneId zone, List<Day> days,
			List<CategoryFigures> categories, List<Child> children, List<OverdueNow> overdueNow,
			Percentiles[] percentiles) {
		Map<LocalDate, Sums> byDay = new HashMap<>();
		Sums all = Sums.NONE;
		for (Day day : days) {
			byDay.put(day.day(), day.sums());
			all = all.plus(day.sums());
		}
		Map<UUID, Long> overdueNowByChild = new HashMap<>();
		for (OverdueNow o : overdueNow) {
			all = all.overdueToo(o.count());
			if (o.childId() != null) {
				overdueNowByChild.put(o.childId(), o.count());
			}
		}
		List<UnitFigures> unitFigures = children.stream().map(c -> {
			Sums s = c.sums().overdueToo(overdueNowByChild.getOrDefault(c.id(), 0L));
			return new UnitFigures(c.id(), c.name(), c.level(), s.placed(), s.completed(), s.cancelled(), s.overdue(),
					s.completionRate(), s.satisfaction());
		}).toList();
		List<DayFigures> dayFigures = new ArrayList<>();
		for (LocalDate d = period.from(); d.isBefore(period.to()); d = d.plusDays(1)) {
			Sums s = byDay.getOrDefault(d, Sums.NONE);
			dayFigures.add(new DayFigures(d, s.placed(), s.completed()));
		}
		return new Figures(unit.id(), period.from(), period.to(), zone.getId(), all.placed(), all.completed(),
				all.evaluated(), all.cancelled(), all.overdue(), all.completionRate(),
				rate(all.onTime(), all.completed()), all.satisfaction(),
				all.evaluated() == 0 ? BigDecimal.ZERO : all.hours().setScale(2, RoundingMode.HALF_UP), percentiles[0],
				percentiles[1], categories, unitFigures, dayFigures);
	}

	/** A fraction with four decimals, or null when there is nothing to divide by. */
	static BigDecimal rate(long part, long whole) {
		return whole <= 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
	}

	private static Double round1(Double value) {
		return value == null || value.isNaN() ? null : Math.round(value * 10) / 10.0;
	}

	/** The sums of a row of days (nulls, from no day at all, count nothing). */
	private static Sums sums(Readable r) {
		return new Sums(count(r, "placed"), count(r, "completed"), count(r, "evaluated"), count(r, "cancelled"),
				count(r, "overdue"), count(r, "on_time"), count(r, "rated"), decimal(r, "rating_sum"),
				decimal(r, "hours"));
	}

	/** An integer (a day's) or bigint (a sum's) count; 0 for null. */
	private static long count(Readable r, String column) {
		Number n = r.get(column, Number.class);
		return n == null ? 0 : n.longValue();
	}

	private static BigDecimal decimal(Readable r, String column) {
		BigDecimal n = r.get(column, BigDecimal.class);
		return n == null ? BigDecimal.ZERO : n;
	}

}
