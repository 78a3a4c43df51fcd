package org.civicdispatch.points.stats;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The figures of {@code GET /api/stats/points}, read from the ledger, the store and the
 * read models of people (each volunteer's station) and of the org tree.
 */
@Component
class PointsStats {

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

	PointsStats(DatabaseClient db) {
		this.db = db;
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

	Mono<Figures> figures(UUID unit, StatsPeriod period, ZoneId zone) {
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
