package org.civicdispatch.points.stats;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.StaffScope;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * 分析研判 of points: {@code GET /api/stats/points}, from the ledger, the store and the read
 * model of people (each volunteer's station) and the org tree.
 */
@RestController
class PointsStatsController {

	static final int MAX_DAYS = 3660;

	/** The stations of the unit's subtree. */
	private static final String STATIONS = """
			stations AS (SELECT s.id FROM org_unit s
			             WHERE s.level = 'STATION' AND (s.id = :unit OR :unit = ANY (s.ancestor_ids)))""";

	private static final String LEDGER = """
			WITH %s,
			volunteers AS (SELECT p.user_id FROM person p JOIN stations st ON st.id = p.station_id)
			SELECT coalesce(sum(g.amount) FILTER (WHERE g.created_at >= :start AND t.kind IN ('AWARD', 'ADJUST', 'REVERSAL')), 0)
			           AS issued,
			       coalesce(-sum(g.amount) FILTER (WHERE g.created_at >= :start AND t.kind IN ('REDEEM', 'REFUND')), 0)
			           AS redeemed,
			       coalesce(sum(g.amount), 0) AS outstanding,
			       count(DISTINCT g.account_id) FILTER (WHERE g.created_at >= :start AND t.kind = 'AWARD')
			           AS active_volunteers
			FROM posting g
			JOIN volunteers v ON v.user_id = g.account_id
			JOIN ledger_transaction t ON t.id = g.transaction_id
			WHERE g.created_at < :end"""
		.formatted(STATIONS);

	private static final String ITEMS = """
			WITH %s
			SELECT i.id, i.name, i.station_id, sum(r.quantity) AS redeemed, sum(r.points_spent) AS points
			FROM redemption r JOIN stations st ON st.id = r.station_id JOIN store_item i ON i.id = r.item_id
			WHERE r.status <> 'CANCELLED' AND r.created_at >= :start AND r.created_at < :end
			GROUP BY i.id, i.name, i.station_id
			ORDER BY redeemed DESC, i.name, i.id""".formatted(STATIONS);

	private final DatabaseClient db;

	private final StaffScope staffScope;

	private final ZoneId zone;

	PointsStatsController(DatabaseClient db, StaffScope staffScope,
			@Value("${civic.stats.time-zone:Asia/Shanghai}") ZoneId zone) {
		this.db = db;
		this.staffScope = staffScope;
		this.zone = zone;
	}

	public record ItemFigures(UUID itemId, String name, UUID stationId, long redeemed, long points) {
	}

	@Schema(description = """
			Points of the volunteers whose station lies in the org unit's subtree, over [from, to). \
			`issued`: points credited to them by awards, net of adjustments and reversals. `redeemed`: points \
			they spent in the store, net of refunds of cancelled or expired redemptions. `outstanding`: \
			their balances at the end of the period (every posting before `to`). `activeVolunteers`: how \
			many of them were awarded points in the period. `byItem`: the items of the subtree's stations \
			redeemed in the period (cancelled redemptions not counted), most redeemed first: `stationId` is \
			the station whose store holds the item, `redeemed` the quantity, `points` what was paid for them.""")
	public record Figures(UUID orgUnitId, String from, String to, String timeZone, long issued, long redeemed,
			long outstanding, long activeVolunteers, List<ItemFigures> byItem) {
	}

	@GetMapping("/api/stats/points")
	@Operation(summary = "分析研判: points issued, redeemed and outstanding under an org unit", description = """
			STAFF over the unit (or a unit above it), ADMIN; others 403, an unknown unit 404. `from` and \
			`to` are dates (`2026-05-01`) in Asia/Shanghai time: the period starts at `from`'s midnight and \
			ends before `to`'s. At most 3660 days, dates from 2000-01-01 to 2100-12-31, `from` before `to`; \
			otherwise 400. Definitions on the answer's schema.""")
	Mono<Figures> points(
			@Parameter(description = "The centre, institute or station",
					required = true) @RequestParam(required = false) UUID orgUnitId,
			@Parameter(description = "First day counted, yyyy-MM-dd", required = true,
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String from,
			@Parameter(description = "First day no longer counted, yyyy-MM-dd", required = true,
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String to,
			CurrentUser user) {
		if (!user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有工作人员和管理员可以查看统计"));
		}
		if (orgUnitId == null) {
			return Mono.error(BadRequestException.field("orgUnitId", "请选择机构"));
		}
		return db.sql("SELECT EXISTS (SELECT 1 FROM org_unit WHERE id = :id) AS found")
			.bind("id", orgUnitId)
			.map(row -> Boolean.TRUE.equals(row.get("found", Boolean.class)))
			.one()
			.flatMap(found -> found ? staffScope.require(user, orgUnitId, "无权查看该机构的统计")
					: Mono.error(new NotFoundException("机构不存在")))
			.then(Mono.defer(() -> figures(orgUnitId, StatsPeriod.parse(from, to, MAX_DAYS, zone))));
	}

	private Mono<Figures> figures(UUID unit, StatsPeriod period) {
		Mono<long[]> ledger = db.sql(LEDGER)
			.bind("unit", unit)
			.bind("start", period.start())
			.bind("end", period.end())
			.map(row -> new long[] { number(row.get("issued", Number.class)), number(row.get("redeemed", Number.class)),
					number(row.get("outstanding", Number.class)), number(row.get("active_volunteers", Number.class)) })
			.one();
		Mono<List<ItemFigures>> items = db.sql(ITEMS)
			.bind("unit", unit)
			.bind("start", period.start())
			.bind("end", period.end())
			.map(row -> new ItemFigures(row.get("id", UUID.class), row.get("name", String.class),
					row.get("station_id", UUID.class), number(row.get("redeemed", Number.class)),
					number(row.get("points", Number.class))))
			.all()
			.collectList();
		return Mono.zip(ledger, items)
			.map(t -> new Figures(unit, period.from().toString(), period.to().toString(), zone.getId(), t.getT1()[0],
					t.getT1()[1], t.getT1()[2], t.getT1()[3], t.getT2()));
	}

	private static long number(Number n) {
		return n == null ? 0 : n.longValue();
	}

}
