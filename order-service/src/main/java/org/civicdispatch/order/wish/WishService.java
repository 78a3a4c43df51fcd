package org.civicdispatch.order.wish;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.order.catalog.CatalogRepository;
import org.civicdispatch.order.serviceorder.OrderProblems;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.order.team.Team;
import org.civicdispatch.order.team.TeamRepository;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.OrgAncestry;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.StaffScope;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * 心愿墙: post, list, claim and close wishes. A claim turns the wish into an order of
 * category {@code WISH} accepted by the leader's team, in one transaction that holds the
 * wish's row lock: of two leaders claiming at once, the second finds it claimed (409).
 * The order then runs like any other, its resident being the wish's author.
 */
@Service
class WishService {

	/**
	 * Open wishes one person may have at one station, so that nobody fills a station's
	 * wall.
	 */
	static final int MAX_OPEN_PER_STATION = 5;

	static final String CATEGORY = "WISH";

	private final WishRepository wishes;

	private final OrderStore orders;

	private final TeamRepository teams;

	private final CatalogRepository catalog;

	private final OrgAncestry ancestry;

	private final StaffScope staffScope;

	private final TransactionalOperator tx;

	private final Clock clock;

	WishService(WishRepository wishes, OrderStore orders, TeamRepository teams, CatalogRepository catalog,
			OrgAncestry ancestry, StaffScope staffScope, TransactionalOperator tx, Clock clock) {
		this.wishes = wishes;
		this.orders = orders;
		this.teams = teams;
		this.catalog = catalog;
		this.ancestry = ancestry;
		this.staffScope = staffScope;
		this.tx = tx;
		this.clock = clock;
	}

	record PostRequest(String title, String description, UUID stationId, String contactPhone) {
	}

	Mono<WishView> post(CurrentUser user, PostRequest request) {
		return wishes.isStation(request.stationId()).flatMap(station -> {
			if (!station) {
				return Mono.error(BadRequestException.field("stationId", "未知的实践站"));
			}
			Wish wish = Wish.post(UUID.randomUUID(), user.id(), request.title(), request.description(),
					request.stationId(), request.contactPhone(), clock.instant());
			return tx
				.transactional(wishes.lockAndCountOpen(user.id(), request.stationId())
					.flatMap(open -> open < MAX_OPEN_PER_STATION ? wishes.insert(wish)
							: Mono.error(new ConflictException(
									"您在本站已有 " + MAX_OPEN_PER_STATION + " 个待认领的心愿，请等其中一个被认领或关闭后再发布"))))
				.then(read(user, wish.id()));
		});
	}

	/**
	 * Anyone, signed in or not ({@code user} may be null); the phone whole only to the
	 * author and staff.
	 */
	Mono<WishView> get(CurrentUser user, UUID wishId) {
		return read(user, wishId);
	}

	private Mono<WishView> read(CurrentUser user, UUID wishId) {
		return wishes.findById(wishId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("心愿不存在")))
			.flatMap(listed -> seesContact(user, listed.wish()).map(sees -> WishView.of(listed, sees)));
	}

	private Mono<Boolean> seesContact(CurrentUser user, Wish wish) {
		if (user == null) {
			return Mono.just(false);
		}
		if (user.id().equals(wish.authorId())) {
			return Mono.just(true);
		}
		return staffScope.covers(user, wish.stationId());
	}

	/** The list is public: phones are always masked in it. */
	Mono<Page<WishRepository.Listed>> list(WishRepository.Filter filter) {
		return wishes.list(filter);
	}

	/**
	 * 认领: the leader of an active team of the wish's station or of a unit above it takes
	 * the wish on with the members named. The team's capacity holds as in dispatch: a
	 * full team is a 409.
	 */
	Mono<WishView> claim(CurrentUser user, UUID wishId, UUID teamId, List<UUID> volunteerIds) {
		Mono<Void> claiming = wishes.lock(wishId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("心愿不存在")))
			.flatMap(wish -> teams.findById(teamId)
				.switchIfEmpty(Mono.error(() -> BadRequestException.field("teamId", "未知的服务队")))
				.flatMap(team -> {
					if (!team.isLeader(user.id())) {
						return Mono.error(new ForbiddenException("只有该服务队的队长可以认领心愿"));
					}
					wish.requireOpen("认领");
					return requireWithinReach(team, wish).then(claimAsOrder(user, wish, team, volunteerIds));
				}));
		return tx.transactional(claiming).onErrorMap(OrderProblems::translate).then(read(user, wishId));
	}

	private Mono<Void> requireWithinReach(Team team, Wish wish) {
		if (!team.active()) {
			return Mono.error(new ConflictException("该服务队已停用，不能认领心愿"));
		}
		if (team.orgUnitId().equals(wish.stationId())) {
			return Mono.empty();
		}
		return ancestry.ancestorsOf(wish.stationId())
			.defaultIfEmpty(List.of())
			.flatMap(above -> above.contains(team.orgUnitId()) ? Mono.<Void>empty()
					: Mono.error(new ForbiddenException("只有本站及上级服务队的队长可以认领本站的心愿")));
	}

	/**
	 * Places the order for the author and accepts it for the team, in the claim's
	 * transaction.
	 */
	private Mono<Void> claimAsOrder(CurrentUser user, Wish wish, Team team, List<UUID> volunteerIds) {
		Instant now = clock.instant();
		Wish.Snapshot s = wish.snapshot();
		return catalog.findByCode(CATEGORY)
			.switchIfEmpty(Mono.error(() -> new ConflictException("服务目录中没有微心愿类别")))
			.flatMap(category -> teams.claimSlot(team.id(), now).flatMap(claimed -> {
				if (!claimed) {
					return Mono.error(new ConflictException("该服务队已满员，不能再认领"));
				}
				ServiceOrder.Placement placement = ServiceOrder.place(UUID.randomUUID(),
						new ServiceOrder.Request(s.authorId(), CATEGORY, s.title(), s.description(), s.stationId(),
								null, s.contactPhone(), null),
						now);
				UUID orderId = placement.order().id();
				return orders.create(placement.order(), placement.changes())
					.then(orders.change(orderId,
							order -> Mono.just(order.claim(team.id(), user.id(), volunteerIds, team.assignable(),
									category.sla(), "认领微心愿", now))))
					.flatMap(order -> {
						wish.claim(orderId, team.id(), user.id(), now);
						return wishes.update(wish);
					});
			}));
	}

	/**
	 * The author, or staff over the station (ADMIN), close an open wish with a reason.
	 */
	Mono<WishView> close(CurrentUser user, UUID wishId, String reason) {
		Mono<Void> closing = wishes.lock(wishId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("心愿不存在")))
			.flatMap(wish -> (user.id().equals(wish.authorId()) ? Mono.just(true)
					: staffScope.covers(user, wish.stationId()))
				.flatMap(allowed -> {
					if (!allowed) {
						return Mono.error(new ForbiddenException("只有发布者或该站的工作人员可以关闭心愿"));
					}
					wish.close(user.id(), reason, clock.instant());
					return wishes.update(wish);
				}));
		return tx.transactional(closing).onErrorMap(OrderProblems::translate).then(read(user, wishId));
	}

}
