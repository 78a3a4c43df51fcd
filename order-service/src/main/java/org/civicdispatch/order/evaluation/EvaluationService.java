package org.civicdispatch.order.evaluation;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import org.civicdispatch.order.serviceorder.HoursEntry;
import org.civicdispatch.order.serviceorder.InvalidOrderInputException;
import org.civicdispatch.order.serviceorder.OrderAccess;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderService;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * 多元评单: the resident who placed the order rates it, staff over its station (or ADMIN)
 * reviews it and may correct hours. A user who is both (an administrator who ordered for
 * themselves) rates as the resident first, or says {@code "by": "STAFF"}. Nobody who
 * served on the order rates or reviews it: that would be approving one's own work and
 * hours.
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

	record EvaluationRequest(@Size(max = 20, message = "评价人须为 RESIDENT 或 STAFF") String by, Integer rating,
			@Size(max = 1000, message = "评价内容不能超过 1000 个字") String comment,
			@Size(max = 100, message = "核定时长最多 100 条") List<HoursEntry> approvedHours,
			@Schema(description = "帮办: true when the helper records the beneficiary's rating (代评), for a "
					+ "beneficiary without an account; never by a helper who served on the order") Boolean onBehalf) {
	}

	/**
	 * 代评: the helper records the rating of a beneficiary who has no account, after a
	 * visit or a call.
	 */
	private List<OrderChange> rateOnBehalf(CurrentUser user, ServiceOrder order, OrderAccess.Relation relation,
			EvaluationRequest request) {
		if (!relation.helper()) {
			throw new ForbiddenException("只有帮办人可以代受助人评价");
		}
		if (order.beneficiary().hasAccount()) {
			throw new ForbiddenException("受助人有自己的账号，请由本人评价");
		}
		if (relation.servedOn()) {
			throw new ForbiddenException("您参与了此订单的服务，不能代受助人评价");
		}
		if ("STAFF".equals(request.by())) {
			throw new InvalidOrderInputException("by", "代评是代受助人评价，不能同时作为工作人员审核");
		}
		if (request.approvedHours() != null && !request.approvedHours().isEmpty()) {
			throw new InvalidOrderInputException("approvedHours", "只有工作人员可以核定时长");
		}
		if (request.rating() == null) {
			throw new InvalidOrderInputException("rating", "评分须为 1 到 5");
		}
		return order.rateAsResident(user.id(), request.rating(), request.comment(), clock.instant());
	}

	Mono<OrderView> evaluate(CurrentUser user, UUID orderId, EvaluationRequest request) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (Boolean.TRUE.equals(request.onBehalf())) {
				return rateOnBehalf(user, order, relation, request);
			}
			if (request.by() != null && !List.of("RESIDENT", "STAFF").contains(request.by())) {
				throw new InvalidOrderInputException("by", "评价人须为 RESIDENT 或 STAFF");
			}
			boolean asStaff = "STAFF".equals(request.by()) || (!relation.resident() && request.by() == null);
			if (asStaff ? !relation.staff() : !relation.resident()) {
				throw new ForbiddenException(asStaff ? "只有该站的工作人员或管理员可以审核评价" : "只有下单的群众可以评价");
			}
			if (relation.servedOn()) {
				throw new ForbiddenException("您参与了此订单的服务，不能评价或审核它，也不能核定自己的时长");
			}
			if (request.rating() == null) {
				throw new InvalidOrderInputException("rating", "评分须为 1 到 5");
			}
			if (asStaff) {
				return order.rateAsStaff(user.id(), request.rating(), request.comment(),
						HoursEntry.byVolunteer("approvedHours", request.approvedHours()), properties.residentWindow(),
						clock.instant());
			}
			if (request.approvedHours() != null && !request.approvedHours().isEmpty()) {
				throw new InvalidOrderInputException("approvedHours", "只有工作人员可以核定时长");
			}
			return order.rateAsResident(user.id(), request.rating(), request.comment(), clock.instant());
		})).flatMap(order -> orders.viewFor(user, order));
	}

}
