package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.civicdispatch.messaging.IdempotencyKeys;
import org.civicdispatch.order.people.People;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.web.StaffScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** 点单 and the resident's and team's own steps: place, read, start, complete, cancel. */
@Service
public class OrderService {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	/**
	 * Unfinished orders one resident may have at one station, so that nobody fills every
	 * team of a station.
	 */
	static final int MAX_UNFINISHED_PER_STATION = 3;

	private final OrderStore store;

	private final OrderRepository orders;

	private final OrderAccess access;

	private final IdempotencyKeys idempotencyKeys;

	private final DispatchTrigger dispatch;

	private final TransactionalOperator tx;

	private final JsonMapper json;

	private final OverdueEscalation escalation;

	private final Clock clock;

	private final People people;

	private final StaffScope staffScope;

	private final OrderPhotos photos;

	public OrderService(OrderStore store, OrderRepository orders, OrderAccess access, IdempotencyKeys idempotencyKeys,
			DispatchTrigger dispatch, TransactionalOperator tx, JsonMapper json, OverdueEscalation escalation,
			Clock clock, People people, StaffScope staffScope, OrderPhotos photos) {
		this.people = people;
		this.staffScope = staffScope;
		this.photos = photos;
		this.store = store;
		this.orders = orders;
		this.access = access;
		this.idempotencyKeys = idempotencyKeys;
		this.dispatch = dispatch;
		this.tx = tx;
		this.json = json;
		this.escalation = escalation;
		this.clock = clock;
	}

	/**
	 * The answer to a placement: new, or the stored first answer to the same
	 * Idempotency-Key.
	 */
	public record Placed(int status, UUID orderId, JsonNode body, boolean created) {
	}

	public Mono<Placed> place(CurrentUser user, PlaceOrderRequest request, String idempotencyKey) {
		return checkCategoryAndStation(request).then(beneficiary(user, request))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(beneficiary -> {
				Instant now = clock.instant();
				ServiceOrder.Placement placement = ServiceOrder.place(UUID.randomUUID(), request.toDomain(user.id()),
						beneficiary.orElse(null), now);
				ServiceOrder order = placement.order();
				JsonNode body = json.valueToTree(OrderView.of(order, true, null));
				Mono<Void> limit = beneficiary.isPresent()
						? withinUnfinishedLimitFor(beneficiary.get().phone(), request.stationId())
						: withinUnfinishedLimit(user.id(), request.stationId());
				Mono<Placed> create = limit.then(store.create(order, placement.changes()))
					.thenReturn(new Placed(201, order.id(), body, true));
				if (idempotencyKey == null) {
					return tx.transactional(create);
				}
				String hash = hash(request);
				return tx.transactional(idempotencyKeys
					.reserve(user.id(), idempotencyKey, hash, now, order.id(), 201, json.writeValueAsString(body))
					.flatMap(fresh -> fresh ? create : replay(user, idempotencyKey, hash)));
			})
			.onErrorMap(OrderProblems::translate)
			.flatMap(placed -> Mono.deferContextual(context -> {
				if (placed.created()) {
					dispatchSoon(placed.orderId(), context);
				}
				return Mono.just(placed);
			}));
	}

	/**
	 * Runs in the placing transaction, after an Idempotency-Key was found free: a retry
	 * is answered, not counted.
	 */
	private Mono<Void> withinUnfinishedLimit(UUID residentId, UUID stationId) {
		return orders.lockAndCountUnfinished(residentId, stationId)
			.flatMap(unfinished -> unfinished < MAX_UNFINISHED_PER_STATION ? Mono.<Void>empty() : Mono
				.error(new ConflictException("您在本站点已有 " + MAX_UNFINISHED_PER_STATION + " 个未完成的订单，请等其中一个完成或取消后再下单")));
	}

	/**
	 * 帮办: the same limit, counted for the neighbour over the orders helpers placed for
	 * them.
	 */
	private Mono<Void> withinUnfinishedLimitFor(String beneficiaryPhone, UUID stationId) {
		return orders.lockAndCountUnfinishedFor(beneficiaryPhone, stationId)
			.flatMap(unfinished -> unfinished < MAX_UNFINISHED_PER_STATION ? Mono.<Void>empty() : Mono.error(
					new ConflictException("这位受助人在本站点已有 " + MAX_UNFINISHED_PER_STATION + " 个未完成的帮办订单，请等其中一个完成或取消后再下单")));
	}

	/**
	 * 帮办: only STAFF over the station or a VOLUNTEER of it may order for a neighbour (403
	 * otherwise); the neighbour's account, if the phone has one, becomes the order's
	 * resident. Empty without a beneficiary.
	 */
	private Mono<Beneficiary> beneficiary(CurrentUser user, PlaceOrderRequest request) {
		PlaceOrderRequest.BeneficiaryRequest wanted = request.beneficiary();
		if (wanted == null) {
			return Mono.empty();
		}
		Mono<Boolean> volunteerOf = user.hasRole(CurrentUser.VOLUNTEER)
				? people.isVolunteerOf(user.id(), request.stationId()) : Mono.just(false);
		return staffScope.covers(user, request.stationId())
			.flatMap(staff -> staff ? Mono.just(true) : volunteerOf)
			.flatMap(allowed -> allowed
					? people.accountByPhone(wanted.phone()).map(Optional::of).defaultIfEmpty(Optional.empty())
					: Mono.error(new ForbiddenException("只有本站的志愿者或工作人员可以帮办下单")))
			.map(account -> {
				if (account.isPresent() && account.get().equals(user.id())) {
					throw BadRequestException.field("beneficiary.phone", "帮办是为他人下单，为自己下单请不要填写受助人");
				}
				return new Beneficiary(wanted.name().strip(), wanted.phone(), account.orElse(null), user.id());
			});
	}

	private Mono<Placed> replay(CurrentUser user, String key, String hash) {
		return idempotencyKeys.find(user.id(), key).map(stored -> {
			if (!stored.requestHash().equals(hash)) {
				throw new ConflictException("此 Idempotency-Key 已用于另一份不同的订单");
			}
			return new Placed(stored.status(), stored.resourceId(), json.readTree(stored.body()), false);
		});
	}

	/**
	 * After the commit: the dispatcher offers the order to a team without holding up the
	 * resident's answer. It keeps the request's context, so its events carry the same
	 * request id.
	 */
	private void dispatchSoon(UUID orderId, ContextView context) {
		dispatch.dispatch(orderId)
			.contextWrite(context)
			.subscribe(null, error -> log.warn("Dispatch of order {} failed; the sweep retries it", orderId, error));
	}

	private Mono<Void> checkCategoryAndStation(PlaceOrderRequest request) {
		return orders.placementTargets(request.category(), request.stationId()).flatMap(found -> {
			if (!found.category()) {
				return Mono.error(BadRequestException.field("category", "未知的服务类别"));
			}
			if (!found.orderable()) {
				return Mono.error(BadRequestException.field("category", "此类别不能直接点单，微心愿请到心愿墙发布"));
			}
			if (!found.station()) {
				return Mono.error(BadRequestException.field("stationId", "未知的实践站"));
			}
			return Mono.empty();
		});
	}

	private String hash(PlaceOrderRequest request) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	public Mono<OrderView> get(CurrentUser user, UUID orderId) {
		return orders.findById(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("订单不存在")))
			.flatMap(order -> access.readable(user, order).map(relation -> view(order, relation)))
			.flatMap(photos::attach);
	}

	private OrderView view(ServiceOrder order, OrderAccess.Relation relation) {
		return OrderView.of(order, relation.seesContact(), escalation.levelOf(order, clock.instant()));
	}

	/** The order as the user sees it right after changing it. */
	public Mono<OrderView> viewFor(CurrentUser user, ServiceOrder order) {
		return access.relation(user, order).map(relation -> view(order, relation)).flatMap(photos::attach);
	}

	public Mono<OrderView> start(CurrentUser user, UUID orderId) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!(relation.leader() || relation.assigned())) {
				throw new ForbiddenException("只有队长或已指派的队员可以开始服务");
			}
			return order.start(user.id(), clock.instant());
		})).flatMap(order -> viewFor(user, order));
	}

	public Mono<OrderView> complete(CurrentUser user, UUID orderId, CompleteRequest request) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!relation.leader()) {
				throw new ForbiddenException("只有服务队队长可以报告完成");
			}
			return order.complete(user.id(), request.summary(), request.hoursByVolunteer(), clock.instant());
		})).flatMap(order -> viewFor(user, order));
	}

	public Mono<OrderView> cancel(CurrentUser user, UUID orderId, CancelRequest request) {
		return store.change(orderId, order -> {
			boolean helper = order.beneficiary() != null && user.id().equals(order.beneficiary().placedBy());
			if (!user.id().equals(order.residentId()) && !helper) {
				return Mono.error(new ForbiddenException("只有下单的群众或帮办人可以取消订单"));
			}
			return Mono.just(order.cancel(user.id(), request == null ? null : request.reason(), clock.instant()));
		}).flatMap(order -> viewFor(user, order));
	}

	/**
	 * 督办: staff over the station (or ADMIN) urge the team holding an open order; the team
	 * hears of it at once.
	 */
	public Mono<OrderView> urge(CurrentUser user, UUID orderId, UrgeRequest request) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!relation.staff()) {
				throw new ForbiddenException("只有该站的工作人员或管理员可以督办");
			}
			return order.urge(user.id(), request.note(), clock.instant());
		})).flatMap(order -> viewFor(user, order));
	}

	public record UrgeRequest(@NotBlank(message = "督办意见不能为空") @SingleLine(message = "督办意见不能换行") @Size(max = 200,
			message = "督办意见不能超过 200 个字") String note) {
	}

	public record CompleteRequest(@Size(max = 2000, message = "服务小结不能超过 2000 个字") String summary,
			@Size(max = 100, message = "时长最多 100 条") List<HoursEntry> hours) {

		Map<UUID, BigDecimal> hoursByVolunteer() {
			return HoursEntry.byVolunteer("hours", hours);
		}

	}

	public record CancelRequest(@Size(max = 500, message = "取消原因不能超过 500 个字") String reason) {
	}

}
