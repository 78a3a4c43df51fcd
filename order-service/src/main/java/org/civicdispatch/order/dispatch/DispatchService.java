package org.civicdispatch.order.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.order.catalog.CatalogRepository;
import org.civicdispatch.order.serviceorder.OrderAccess;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderService;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.order.team.Team;
import org.civicdispatch.order.team.TeamRepository;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.OrgAncestry;
import org.civicdispatch.web.StaffScope;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Dispatch by hand (staff), and the dispatched team's answer: accept (接单) or reject (退单).
 */
@Service
class DispatchService {

	private final OrderStore store;

	private final OrderAccess access;

	private final OrderService orders;

	private final TeamRepository teams;

	private final CatalogRepository catalog;

	private final Dispatcher dispatcher;

	private final DispatchProperties properties;

	private final StaffScope staffScope;

	private final OrgAncestry ancestry;

	private final Clock clock;

	DispatchService(OrderStore store, OrderAccess access, OrderService orders, TeamRepository teams,
			CatalogRepository catalog, Dispatcher dispatcher, DispatchProperties properties, StaffScope staffScope,
			OrgAncestry ancestry, Clock clock) {
		this.store = store;
		this.access = access;
		this.orders = orders;
		this.teams = teams;
		this.catalog = catalog;
		this.dispatcher = dispatcher;
		this.properties = properties;
		this.staffScope = staffScope;
		this.ancestry = ancestry;
		this.clock = clock;
	}

	/**
	 * Staff over the station (or ADMIN) sends an order that is placed, unassigned or
	 * dispatched to a team of their choice. The staff member's choice overrides the
	 * ranking and the exclusion of teams that rejected it, but not capacity: a full or
	 * inactive team is a 409. The team must be one the order could go to (of the station
	 * or a unit above it) or one under the staff member's own scope: the resident's phone
	 * and address go to that team.
	 */
	Mono<OrderView> dispatchByHand(CurrentUser user, UUID orderId, UUID teamId) {
		return store.change(orderId, order -> access.relation(user, order).flatMap(relation -> {
			if (!relation.staff()) {
				return Mono.error(new ForbiddenException("只有该站的工作人员或管理员可以人工派单"));
			}
			return teams.findById(teamId)
				.switchIfEmpty(Mono.error(() -> BadRequestException.field("teamId", "未知的服务队")))
				.flatMap(team -> requireWithinReach(user, order, team).thenReturn(team))
				.flatMap(team -> {
					Instant now = clock.instant();
					List<OrderChange> changes = order.dispatch(team.id(), now.plus(properties.acceptTimeout()),
							user.id(), now);
					return teams.claimSlot(team.id(), now)
						.flatMap(claimed -> claimed ? Mono.just(changes)
								: Mono.error(new ConflictException("该服务队已满员或已停用，不能再派单")));
				});
		})).flatMap(order -> orders.viewFor(user, order));
	}

	private Mono<Void> requireWithinReach(CurrentUser user, ServiceOrder order, Team team) {
		if (team.orgUnitId().equals(order.stationId())) {
			return Mono.empty();
		}
		return ancestry.ancestorsOf(order.stationId())
			.defaultIfEmpty(List.of())
			.flatMap(above -> above.contains(team.orgUnitId()) ? Mono.just(true)
					: staffScope.covers(user, team.orgUnitId()))
			.flatMap(allowed -> allowed ? Mono.<Void>empty()
					: Mono.error(new ForbiddenException("只能派给本站及上级的服务队，或您管辖范围内的服务队")));
	}

	Mono<OrderView> accept(CurrentUser user, UUID orderId, List<UUID> volunteerIds) {
		return store.change(orderId, order -> access.relation(user, order).flatMap(relation -> {
			if (!relation.leader()) {
				return Mono.error(new ForbiddenException("只有被派单服务队的队长可以接单"));
			}
			return Mono.zip(teams.findById(order.teamId()), catalog.findByCode(order.category()))
				.switchIfEmpty(Mono.error(() -> new ConflictException("服务队或服务类别的资料暂不可用，请稍后再试")))
				.map(t -> order.accept(user.id(), volunteerIds, t.getT1().assignable(), t.getT2().sla(),
						clock.instant()));
		})).flatMap(order -> orders.viewFor(user, order));
	}

	/**
	 * 退单: the team is excluded from this order, which is offered to the next team at
	 * once.
	 */
	Mono<OrderView> reject(CurrentUser user, UUID orderId, String reason) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!relation.leader()) {
				throw new ForbiddenException("只有被派单服务队的队长可以退单");
			}
			return order.reject(user.id(), reason, clock.instant());
		})).flatMap(order -> dispatcher.dispatch(order.id())).then(orders.get(user, orderId));
	}

}
