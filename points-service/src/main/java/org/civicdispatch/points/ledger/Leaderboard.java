package org.civicdispatch.points.ledger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.FieldError;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * 优秀志愿者: points earned (awards less reversed awards; spending does not lower a rank) in
 * the current month, year or all time, optionally among volunteers of a station or of any
 * unit above it. Month and year follow the deployment's time zone
 * ({@code civic.points.zone}, Asia/Shanghai).
 */
@Component
class Leaderboard {

	private final DatabaseClient db;

	private final Clock clock;

	private final ZoneId zone;

	Leaderboard(DatabaseClient db, Clock clock, @Value("${civic.points.zone:Asia/Shanghai}") ZoneId zone) {
		this.db = db;
		this.clock = clock;
		this.zone = zone;
	}

	Mono<List<Row>> top(String period, UUID orgUnitId, int limit) {
		OffsetDateTime from = periodStart(period);
		return db.sql("""
				SELECT p.account_id AS user_id, coalesce(pe.real_name, pe.name) AS name, sum(p.amount) AS points
				FROM posting p
				JOIN ledger_transaction t ON t.id = p.transaction_id
				LEFT JOIN ledger_transaction reversed ON reversed.id = t.reverses_id
				LEFT JOIN person pe ON pe.user_id = p.account_id
				LEFT JOIN org_unit o ON o.id = pe.station_id
				WHERE p.account_id <> :issuance AND p.created_at >= :from
				  AND (t.kind = 'AWARD' OR reversed.kind = 'AWARD')
				  AND (CAST(:orgUnit AS uuid) IS NULL OR pe.station_id = :orgUnit OR :orgUnit = ANY (o.ancestor_ids))
				GROUP BY p.account_id, pe.real_name, pe.name
				HAVING sum(p.amount) > 0
				ORDER BY points DESC, p.account_id
				LIMIT :limit""")
			.bind("issuance", Accounts.ISSUANCE)
			.bind("from", from)
			.bind("orgUnit", Parameter.fromOrEmpty(orgUnitId, UUID.class))
			.bind("limit", limit)
			.map(row -> new Row(row.get("user_id", UUID.class), row.get("name", String.class),
					row.get("points", Number.class).longValue()))
			.all()
			.collectList();
	}

	OffsetDateTime periodStart(String period) {
		ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
		ZonedDateTime start = switch (period) {
			case "month" -> now.withDayOfMonth(1).toLocalDate().atStartOfDay(zone);
			case "year" -> now.withDayOfYear(1).toLocalDate().atStartOfDay(zone);
			case "all" -> ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, zone);
			default ->
				throw new BadRequestException("统计周期不正确", List.of(new FieldError("period", "应为 month、year 或 all")));
		};
		return start.toOffsetDateTime();
	}

	record Row(UUID userId, String name, long points) {
	}

}
