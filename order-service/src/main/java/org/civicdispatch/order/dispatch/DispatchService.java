package org.civicdispatch.order.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.order.catalog.CatalogRepository;
import org.civicdispatch.order.order.OrderAccess;
import org.civicdispatch.order.order.OrderChange;
import org.civicdispatch.order.order.OrderService;
import org.civicdispatch.order.order.OrderStore;
import org.civicdispatch.order.order.OrderView;
import org.civicdispatch.order.team.Team;
import org.civicdispatch.order.team.TeamRepository;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** Dispatch by hand (staff), and the dispatched team's answer: accept (接单) or reject (退单). */
@Service
class DispatchService {

	private final OrderStore store;

	private final OrderAccess access;

	private final OrderService orders;

	private final TeamRepository teams;

	private final CatalogRepository catalog;

	private final Dispatcher dispatcher;

	private final DispatchProperties properties;

	private final Clock clock;

	DispatchService(OrderStore store, OrderAccess access, OrderService orders, TeamRepository teams,
			CatalogRepository catalog, Dispatcher dispatcher, DispatchProperties properties, Clock clock) {
		this.store = store;
		this.access = access;
		this.orders = orders;
		this.teams = teams;
		this.catalog = catalog;
		this.dispatcher = dispatcher;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Staff over the station (or ADMIN) sends an order that is placed, unassigned or dispatched to
	 * a team of their choice. The staff member's choice overrides the ranking and the exclusion
	 * of teams that rejected it, but not capacity: a full or inactive team is a 409.
	 */
	Mono<OrderView> dispatchByHand(CurrentUser user, UUID orderId, UUID teamId) {
		return store.change(orderId, order -> access.relation(user, order).flatMap(relation -> {
			if (!relation.staff()) {
				return Mono.error(new ForbiddenException("只有该站的工作人员或管理员可以人工派单"));
			}
			return teams.findById(teamId)
				.switchIfEmpty(Mono.error(() -> BadRequestException.field("teamId", "未知的服务队")))
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

	Mono<OrderView> accept(CurrentUser user, UUID orderId, List<UUID> volunteerIds) {
		return store.change(orderId, order -> access.relation(user, order).flatMap(relation -> {
			if (!relation.leader()) {
				return Mono.error(new ForbiddenException("只有被派单服务队的队长可以接单"));
			}
			return Mono.zip(teams.findById(order.teamId()), catalog.findByCode(order.category()))
				.map(t -> order.accept(user.id(), volunteerIds, members(t.getT1()), t.getT2().sla(), clock.instant()));
		})).flatMap(order -> orders.viewFor(user, order));
	}

	/** 退单: the team is excluded from this order, which is offered to the next team at once. */
	Mono<OrderView> reject(CurrentUser user, UUID orderId, String reason) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!relation.leader()) {
				throw new ForbiddenException("只有被派单服务队的队长可以退单");
			}
			return order.reject(user.id(), reason, clock.instant());
		})).flatMap(order -> dispatcher.dispatch(order.id())).then(orders.get(user, orderId));
	}

	private static List<UUID> members(Team team) {
		List<UUID> members = new ArrayList<>(team.memberIds());
		if (team.leaderId() != null) {
			members.add(team.leaderId());
		}
		return members;
	}

}
