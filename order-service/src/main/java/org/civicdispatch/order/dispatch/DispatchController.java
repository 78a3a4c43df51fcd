package org.civicdispatch.order.dispatch;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** 派单 by hand, 接单 and 退单. */
@RestController
@RequestMapping("/api/orders/{id}")
class DispatchController {

	private final DispatchService dispatch;

	DispatchController(DispatchService dispatch) {
		this.dispatch = dispatch;
	}

	record DispatchRequest(@NotNull(message = "请选择服务队") UUID teamId) {
	}

	record AcceptRequest(@Size(max = 100, message = "最多指派 100 名队员") List<UUID> volunteerIds) {
	}

	record RejectRequest(@Size(max = 500, message = "退单理由不能超过 500 个字") String reason) {
	}

	@PostMapping("/dispatch")
	Mono<OrderView> dispatch(@PathVariable UUID id, @Valid @RequestBody DispatchRequest request, CurrentUser user) {
		return dispatch.dispatchByHand(user, id, request.teamId());
	}

	@PostMapping("/accept")
	Mono<OrderView> accept(@PathVariable UUID id, @Valid @RequestBody AcceptRequest request, CurrentUser user) {
		return dispatch.accept(user, id, request.volunteerIds());
	}

	@PostMapping("/reject")
	Mono<OrderView> reject(@PathVariable UUID id, @Valid @RequestBody RejectRequest request, CurrentUser user) {
		return dispatch.reject(user, id, request.reason());
	}

}
