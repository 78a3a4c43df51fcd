package org.civicdispatch.order.evaluation;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.order.serviceorder.HoursEntry;
import org.civicdispatch.order.serviceorder.OrderAccess;
import org.civicdispatch.order.serviceorder.OrderService;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * 申诉: the resident (the neighbour's account, or the helper for a neighbour without one)
 * appeals an evaluated order once, within the appeal window; staff over its station who
 * did not serve on it (or ADMIN) uphold or dismiss the appeal. An upheld appeal revises
 * the final rating and the hours, and its event lets points-service and volunteer-service
 * correct points and service records.
 */
@Service
class AppealService {

	private final OrderStore store;

	private final OrderAccess access;

	private final OrderService orders;

	private final EvaluationProperties properties;

	private final Clock clock;

	AppealService(OrderStore store, OrderAccess access, OrderService orders, EvaluationProperties properties,
			Clock clock) {
		this.store = store;
		this.access = access;
		this.orders = orders;
		this.properties = properties;
		this.clock = clock;
	}

	record AppealRequest(
			@NotBlank(message = "申诉理由不能为空") @Size(max = 1000, message = "申诉理由不能超过 1000 个字") String reason) {
	}

	record DecisionRequest(@NotNull(message = "请选择申诉是否成立") Boolean upheld,
			@NotBlank(message = "请填写处理意见") @Size(max = 1000, message = "处理意见不能超过 1000 个字") String note,
			@Schema(description = "Upheld only: the staff rating that replaces the one given at review (1-5)",
					nullable = true) Integer staffRating,
			@Schema(description = "Upheld only: corrected hours of assigned volunteers, as at review",
					nullable = true) @Size(max = 100, message = "核定时长最多 100 条") List<HoursEntry> approvedHours) {
	}

	Mono<OrderView> appeal(CurrentUser user, UUID orderId, AppealRequest request) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!relation.resident()) {
				throw new ForbiddenException("只有下单的群众可以申诉");
			}
			return order.appeal(user.id(), request.reason(), properties.appealWindow(), clock.instant());
		})).flatMap(order -> orders.viewFor(user, order));
	}

	Mono<OrderView> decide(CurrentUser user, UUID orderId, DecisionRequest request) {
		return store.change(orderId, order -> access.relation(user, order).map(relation -> {
			if (!relation.staff()) {
				throw new ForbiddenException("只有该站的工作人员或管理员可以处理申诉");
			}
			if (relation.servedOn()) {
				throw new ForbiddenException("您参与了此订单的服务，不能处理它的申诉");
			}
			if (order.appeal() != null && user.id().equals(order.appeal().appealedBy())) {
				throw new ForbiddenException("不能处理自己提出的申诉");
			}
			return order.decideAppeal(user.id(), request.upheld(), request.note(), request.staffRating(),
					HoursEntry.byVolunteer("approvedHours", request.approvedHours()), clock.instant());
		})).flatMap(order -> orders.viewFor(user, order));
	}

}
