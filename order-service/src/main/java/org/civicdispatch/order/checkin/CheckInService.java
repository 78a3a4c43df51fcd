package org.civicdispatch.order.checkin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.civicdispatch.order.serviceorder.CheckIn;
import org.civicdispatch.order.serviceorder.OrderAccess;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderRepository;
import org.civicdispatch.order.serviceorder.OrderStatus;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * 签到 / 签退: the resident shows a short random code (as a QR code) that is valid for one
 * order and a few minutes; an assigned volunteer sends it to check in or out. Each
 * volunteer redeems a code once, so a code seen at the door cannot be replayed later, nor
 * used on another order.
 */
@Service
class CheckInService {

	/**
	 * No 0/O, 1/I: the code is typed from a phone screen when the camera will not scan.
	 */
	static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

	static final int CODE_LENGTH = 8;

	private final SecureRandom random = new SecureRandom();

	private final OrderRepository orders;

	private final OrderStore store;

	private final OrderAccess access;

	private final CheckInCodes codes;

	private final Duration codeTtl;

	private final Clock clock;

	CheckInService(OrderRepository orders, OrderStore store, OrderAccess access, CheckInCodes codes,
			@Value("${civic.check-in.code-ttl:5m}") Duration codeTtl, Clock clock) {
		this.orders = orders;
		this.store = store;
		this.access = access;
		this.codes = codes;
		this.codeTtl = codeTtl;
		this.clock = clock;
	}

	/**
	 * A fresh code for the order's resident, or for the helper who placed it for a
	 * neighbour (帮办) and does not serve on it, while a team is on it (accepted or under
	 * way).
	 */
	Mono<CheckInCode> issue(CurrentUser user, UUID orderId) {
		return orders.findById(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("订单不存在")))
			.flatMap(order -> access.readable(user, order).flatMap(relation -> {
				if (relation.assigned()) {
					return Mono.error(new ForbiddenException("为此订单服务的志愿者不能出示签到码"));
				}
				if (!relation.resident() && !relation.helper()) {
					return Mono.error(new ForbiddenException("只有下单的群众或代为下单的帮办人可以出示签到码"));
				}
				if (order.status() != OrderStatus.ACCEPTED && order.status() != OrderStatus.IN_SERVICE) {
					return Mono.error(new ConflictException("订单当前状态为 " + order.status() + "，服务队接单后才能出示签到码"));
				}
				Instant now = clock.instant();
				CheckInCode code = new CheckInCode(newCode(), now.plus(codeTtl));
				return codes.insert(orderId, code.code(), user.id(), now, code.expiresAt()).thenReturn(code);
			}));
	}

	/**
	 * The volunteer's check-in or check-out with a code of this order; 201 with what was
	 * recorded.
	 */
	Mono<CheckIn> checkIn(CurrentUser user, UUID orderId, String sentCode, CheckIn.Type type) {
		String code = normalise(sentCode);
		return store.change(orderId, order -> access.relation(user, order).flatMap(relation -> {
			if (!relation.assigned()) {
				return Mono.error(new ForbiddenException("只有该订单已指派的队员可以签到、签退"));
			}
			Instant now = clock.instant();
			List<OrderChange> changes = order.checkIn(user.id(), type, now);
			return redeem(order, code, user.id(), type, now).thenReturn(changes);
		})).map(order -> order.checkIns().getLast());
	}

	private Mono<Void> redeem(ServiceOrder order, String code, UUID volunteerId, CheckIn.Type type, Instant now) {
		return codes.expiry(order.id(), code)
			.switchIfEmpty(Mono.error(() -> new InvalidCheckInCodeException("签到码不正确，或不是本订单的签到码")))
			.flatMap(expiresAt -> {
				if (!now.isBefore(expiresAt)) {
					return Mono.error(new InvalidCheckInCodeException("签到码已过期，请群众刷新后重新出示"));
				}
				return codes.use(order.id(), code, volunteerId, type.name(), now);
			})
			.flatMap(fresh -> fresh ? Mono.<Void>empty()
					: Mono.error(new InvalidCheckInCodeException("此签到码您已使用过，请群众刷新后重新出示")));
	}

	private String newCode() {
		StringBuilder code = new StringBuilder(CODE_LENGTH);
		for (int i = 0; i < CODE_LENGTH; i++) {
			code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/** What a person types: any case, with spaces or a dash in the middle. */
	static String normalise(String code) {
		return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
	}

}
