package org.civicdispatch.order.stats;

import java.time.Clock;
import java.time.ZoneId;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 分析研判: {@code GET /api/stats/orders}. */
@RestController
class StatsController {

	/**
	 * A statistics period may span ten years; a day-by-day list of them is still small.
	 */
	static final int MAX_STATS_DAYS = 3660;

	private final StatsScope scope;

	private final OrderStats stats;

	private final ZoneId zone;

	private final Clock clock;

	StatsController(StatsScope scope, OrderStats stats, @Value("${civic.stats.time-zone:Asia/Shanghai}") ZoneId zone,
			Clock clock) {
		this.scope = scope;
		this.stats = stats;
		this.zone = zone;
		this.clock = clock;
	}

	@GetMapping("/api/stats/orders")
	@Operation(summary = "分析研判: figures of the orders placed in a period under an org unit", description = """
			STAFF over the unit (or a unit above it), ADMIN; others 403, an unknown unit 404. Counts the \
			orders placed in [from, to) at the stations of the unit's subtree. `from` and `to` are dates \
			(`2026-05-01`) in Asia/Shanghai time (`STATS_TIME_ZONE`): the period starts at `from`'s \
			midnight and ends before `to`'s (an order placed exactly at `to`'s midnight is not counted; \
			for May, `from=2026-05-01&to=2026-06-01`). At most 3660 days, dates from 2000-01-01 to \
			2100-12-31, `from` before `to`; otherwise 400. The definitions of every figure are on the \
			answer's schema (`Figures`).""")
	Mono<OrderStats.Figures> orders(
			@Parameter(description = "The centre, institute or station",
					required = true) @RequestParam(required = false) UUID orgUnitId,
			@Parameter(description = "First day counted, yyyy-MM-dd", required = true,
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String from,
			@Parameter(description = "First day no longer counted, yyyy-MM-dd", required = true,
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String to,
			CurrentUser user) {
		return scope.unit(user, orgUnitId).flatMap(unit -> {
			StatsPeriod period = StatsPeriod.parse(from, to, MAX_STATS_DAYS, zone);
			return stats.figures(unit, period, zone, clock.instant());
		});
	}

}
