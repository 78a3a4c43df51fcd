package org.civicdispatch.order.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.civicdispatch.order.catalog.CatalogRepository;
import org.civicdispatch.order.dispatch.GrabPool.Mode;
import org.civicdispatch.order.dispatch.GrabPool.StationMode;
import org.civicdispatch.order.serviceorder.OrderRepository;
import org.civicdispatch.order.serviceorder.OrderService;
import org.civicdispatch.order.serviceorder.OrderStatus;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.order.team.TeamRepository;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.OrgTree;
import org.civicdispatch.web.OrgUnit;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.StaffScope;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * 抢单: staff set a station's dispatch mode; in {@code GRAB} mode the leaders of eligible
 * teams see the pool and claim from it. A claim locks the order row, so of any number of
 * leaders claiming at once, on any number of instances, exactly one finds it still
 * {@code PLACED}; the rest get 409.
 */
@Service
class GrabService {

	/**
	 * A station that never chose: AUTO, and this window once it switches to GRAB without
	 * naming one.
	 */
	static final int DEFAULT_WINDOW_MINUTES = 30;

	private final GrabPool pool;

	private final OrderStore store;

	private final OrderRepository orders;

	private final OrderService orderService;

	private final TeamRepository teams;

	private final CatalogRepository catalog;

	private final OrgTree units;

	private final StaffScope staffScope;

	private final Dispatcher dispatcher;

	private final Clock clock;

	GrabService(GrabPool pool, OrderStore store, OrderRepository orders, OrderService orderService,
			TeamRepository teams, CatalogRepository catalog, OrgTree units, StaffScope staffScope,
			Dispatcher dispatcher, Clock clock) {
		this.pool = pool;
		this.store = store;
		this.orders = orders;
		this.orderService = orderService;
		this.teams = teams;
		this.catalog = catalog;
		this.units = units;
		this.staffScope = staffScope;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	record StationModeView(UUID stationId, Mode mode, int grabWindowMinutes, UUID updatedBy, Instant updatedAt) {

		static StationModeView of(StationMode m) {
			return new StationModeView(m.stationId(), m.mode(), m.grabWindowMinutes(), m.updatedBy(), m.updatedAt());
		}

	}

	Mono<StationModeView> mode(UUID stationId) {
		return requireStation(stationId).then(pool.mode(stationId))
			.defaultIfEmpty(new StationMode(stationId, Mode.AUTO, DEFAULT_WINDOW_MINUTES, null, null))
			.map(StationModeView::of);
	}

	/**
	 * Staff over the station (or ADMIN) choose its mode. Back to {@code AUTO}, the orders
	 * still in the pool go to the dispatcher on its next sweep, which is asked for at
	 * once.
	 */
	Mono<StationModeView> setMode(CurrentUser user, UUID stationId, Mode mode, Integer grabWindowMinutes) {
		return requireStation(stationId).then(staffScope.require(user, stationId, "只有该站的工作人员或管理员可以设置派单方式"))
			.then(pool.mode(stationId).map(StationMode::grabWindowMinutes).defaultIfEmpty(DEFAULT_WINDOW_MINUTES))
			.flatMap(current -> {
				if (mode == Mode.GRAB && grabWindowMinutes == null) {
					return Mono.error(BadRequestException.field("grabWindowMinutes", "抢单模式须填写抢单时限（分钟）"));
				}
				int window = grabWindowMinutes == null ? current : grabWindowMinutes;
				return pool.save(new StationMode(stationId, mode, window, user.id(), clock.instant()));
			})
			.doOnNext(saved -> dispatcher.capacityFreed())
			.map(StationModeView::of);
	}

	private Mono<Void> requireStation(UUID stationId) {
		return units.find(stationId)
			.filter(OrgUnit::isStation)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("实践站不存在")))
			.then();
	}

	/**
	 * An order of the pool as a leader sees it before taking it: no phone, no address.
	 */
	record PoolOrderView(UUID id, String category, String title, String description, UUID stationId,
			Instant preferredTime, Instant createdAt, Instant grabUntil, List<UUID> teamIds) {
	}

	Mono<Page<PoolOrderView>> pool(CurrentUser user, PageRequest page) {
		Instant now = clock.instant();
		return Mono.zip(pool.countFor(user.id(), now),
				pool.offersFor(user.id(), now, page.size(), page.offset())
					.flatMap(offers -> orders.findAll(offers.stream().map(GrabPool.Offer::orderId).toList())
						.collectMap(ServiceOrder::id, Function.identity())
						.map(found -> offers.stream()
							.filter(offer -> found.containsKey(offer.orderId()))
							.map(offer -> view(found.get(offer.orderId()), offer))
							.toList())))
			.map(t -> Page.of(page, t.getT2(), t.getT1()));
	}

	private static PoolOrderView view(ServiceOrder order, GrabPool.Offer offer) {
		OrderView v = OrderView.of(order, false, null);
		return new PoolOrderView(v.id(), v.category(), v.title(), v.description(), v.stationId(), v.preferredTime(),
				v.createdAt(), offer.grabUntil(), offer.teamIds());
	}

	/**
	 * 抢单 by the leader of {@code teamId}: the order goes straight to {@code ACCEPTED}
	 * with the members named, taking one of the team's capacity slots (a full team is a
	 * 409, as in dispatch).
	 */
	Mono<OrderView> claim(CurrentUser user, UUID orderId, UUID teamId, List<UUID> volunteerIds) {
		return store.change(orderId,
				order -> teams.findById(teamId)
					.switchIfEmpty(Mono.error(() -> BadRequestException.field("teamId", "未知的服务队")))
					.flatMap(team -> {
						if (!team.isLeader(user.id())) {
							return Mono.error(new ForbiddenException("只有该服务队的队长可以抢单"));
						}
						if (order.status() != OrderStatus.PLACED) {
							return Mono.error(new ConflictException("此单已被其他服务队抢到或已派出，不能再抢单"));
						}
						return pool.check(order.id(), team.id()).flatMap(check -> {
							if (!check.grabbing()) {
								return Mono.error(new ConflictException("该站未开启抢单，订单由平台派单"));
							}
							if (!check.teamMayTake()) {
								return Mono.error(new ForbiddenException("该服务队不能承接此单：须为本站或上级、服务此类别且未停用的服务队"));
							}
							Instant now = clock.instant();
							return catalog.findByCode(order.category())
								.switchIfEmpty(Mono.error(() -> new ConflictException("服务类别的资料暂不可用，请稍后再试")))
								.flatMap(category -> teams.claimSlot(team.id(), now)
									.flatMap(claimed -> claimed
											? Mono.just(order.claim(team.id(), user.id(), volunteerIds,
													team.assignable(), category.sla(), "抢单", now))
											: Mono.error(new ConflictException("该服务队已满员，不能再抢单"))));
						});
					}))
			.flatMap(order -> orderService.viewFor(user, order));
	}

}
