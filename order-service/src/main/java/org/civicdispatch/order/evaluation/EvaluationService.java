package org.civicdispatch.order.evaluation;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.order.order.InvalidOrderInputException;
import org.civicdispatch.order.order.OrderAccess;
import org.civicdispatch.order.order.OrderService;
import org.civicdispatch.order.order.OrderStore;
import org.civicdispatch.order.order.OrderView;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * 多元评单: the resident who placed the order rates it, staff over its station (or ADMIN)
 * reviews it and may correct hours. A user who is both (an administrator who ordered for
 * themselves) rates as the resident first, or says {@code "by": "STAFF"}.
 */
@Service
class EvaluationService {

	private final OrderStore store;

	private final OrderAccess access;

	private final OrderService orders;

	private final EvaluationProperties properties;

	private final Clock clock;

	EvaluationService(OrderStore store, OrderAccess access, OrderService orders, EvaluationProperties properties,
			Clock clock) {
		this.store = store;
		this.access = access;
		this.orders = orders;
		this.properties = properties;
		this.clock = clock;
	}

	record EvaluationRequest(String by, Integer rating, String comment, List<HoursCorrection> approvedHours) {
	}

	record HoursCorrection(UUID volunteerId, BigDecimal hours) {
	}

	Mono<OrderView> evaluate(CurrentUser user, UUID orderId, EvaluationRequest request) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (request.by() != null && !List.of("RESIDENT", "STAFF").contains(request.by())) {
				throw new InvalidOrderInputException("by", "评价人须为 RESIDENT 或 STAFF");
			}
			boolean asStaff = "STAFF".equals(request.by()) || (!relation.resident() && request.by() == null);
			if (asStaff ? !relation.staff() : !relation.resident()) {
				throw new ForbiddenException(asStaff ? "只有该站的工作人员或管理员可以审核评价" : "只有下单的群众可以评价");
			}
			if (request.rating() == null) {
				throw new InvalidOrderInputException("rating", "评分须为 1 到 5");
			}
			if (asStaff) {
				return order.rateAsStaff(user.id(), request.rating(), request.comment(), corrections(request),
						properties.residentWindow(), clock.instant());
			}
			if (request.approvedHours() != null && !request.approvedHours().isEmpty()) {
				throw new InvalidOrderInputException("approvedHours", "只有工作人员可以核定时长");
			}
			return order.rateAsResident(user.id(), request.rating(), request.comment(), clock.instant());
		})).flatMap(order -> orders.viewFor(user, order));
	}

	private static Map<UUID, BigDecimal> corrections(EvaluationRequest request) {
		Map<UUID, BigDecimal> result = new LinkedHashMap<>();
		if (request.approvedHours() != null) {
			for (HoursCorrection c : request.approvedHours()) {
				if (c == null || c.volunteerId() == null || c.hours() == null) {
					throw new InvalidOrderInputException("approvedHours", "每条核定时长须有 volunteerId 和 hours");
				}
				result.put(c.volunteerId(), c.hours());
			}
		}
		return result;
	}

}
