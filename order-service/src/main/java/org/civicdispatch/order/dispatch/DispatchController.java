package org.civicdispatch.order.dispatch;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.civicdispatch.order.order.OrderView;
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

	record AcceptRequest(List<UUID> volunteerIds) {
	}

	record RejectRequest(String reason) {
	}

	@PostMapping("/dispatch")
	Mono<OrderView> dispatch(@PathVariable UUID id, @Valid @RequestBody DispatchRequest request, CurrentUser user) {
		return dispatch.dispatchByHand(user, id, request.teamId());
	}

	@PostMapping("/accept")
	Mono<OrderView> accept(@PathVariable UUID id, @RequestBody AcceptRequest request, CurrentUser user) {
		return dispatch.accept(user, id, request.volunteerIds());
	}

	@PostMapping("/reject")
	Mono<OrderView> reject(@PathVariable UUID id, @RequestBody RejectRequest request, CurrentUser user) {
		return dispatch.reject(user, id, request.reason());
	}

}
