package org.civicdispatch.order.stats;

import java.util.UUID;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.OrgTree;
import org.civicdispatch.web.OrgUnit;
import org.civicdispatch.web.StaffScope;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who may see the figures of an org unit: STAFF over it (or a unit above it) and ADMIN.
 * Anyone else is a 403 before the unit is even looked up; a unit that does not exist is a
 * 404.
 */
@Component
class StatsScope {

	private final OrgTree units;

	private final StaffScope staffScope;

	StatsScope(OrgTree units, StaffScope staffScope) {
		this.units = units;
		this.staffScope = staffScope;
	}

	Mono<OrgUnit> unit(CurrentUser user, UUID id) {
		if (!user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有工作人员和管理员可以查看统计"));
		}
		if (id == null) {
			return Mono.error(BadRequestException.field("orgUnitId", "请选择机构"));
		}
		return units.find(id)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("机构不存在")))
			.flatMap(unit -> staffScope.require(user, unit.id(), "无权查看该机构的统计").thenReturn(unit));
	}

}
