package org.civicdispatch.points.stats;

import java.time.ZoneId;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.OrgTree;
import org.civicdispatch.web.StaffScope;
import org.civicdispatch.web.StatsPeriod;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
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

	private final PointsStats stats;

	private final OrgTree orgTree;

	private final StaffScope staffScope;

	private final ZoneId zone;

	PointsStatsController(PointsStats stats, OrgTree orgTree, StaffScope staffScope,
			@Value("${civic.stats.time-zone:Asia/Shanghai}") ZoneId zone) {
		this.stats = stats;
		this.orgTree = orgTree;
		this.staffScope = staffScope;
		this.zone = zone;
	}

	@GetMapping("/api/stats/points")
	@Operation(summary = "分析研判: points issued, redeemed and outstanding under an org unit", description = """
			STAFF over the unit (or a unit above it), ADMIN; others 403, an unknown unit 404. `from` and \
			`to` are dates (`2026-05-01`) in Asia/Shanghai time: the period starts at `from`'s midnight and \
			ends before `to`'s. At most 3660 days, dates from 2000-01-01 to 2100-12-31, `from` before `to`; \
			otherwise 400. Definitions on the answer's schema.""")
	Mono<PointsStats.Figures> points(
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
		return orgTree.find(orgUnitId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("机构不存在")))
			.flatMap((unit) -> staffScope.require(user, orgUnitId, "无权查看该机构的统计"))
			.then(Mono.defer(() -> stats.figures(orgUnitId, StatsPeriod.parse(from, to, MAX_DAYS, zone), zone)));
	}

}
