package org.civicdispatch.order.demo;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo data only ({@code CIVIC_DEMO_DATA=true}, which the local stack sets when asked for
 * demo data, and nothing else does): {@code POST /api/orders/demo/backdate} moves orders
 * back in time, so a demo data set made through the public API "today" spreads over the
 * past months. Without the setting this controller does not exist and the path answers
 * 404. Not part of the public API, so left out of the OpenAPI description.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "civic.demo.enabled", havingValue = "true")
class DemoBackdateController {

	/** A year and a day: further back than any demo needs. */
	static final int MAX_MINUTES = 366 * 24 * 60;

	/** A day between two steps of an order's story at most. */
	static final int MAX_STEP_MINUTES = 24 * 60;

	private final DemoBackdating backdating;

	DemoBackdateController(DemoBackdating backdating) {
		this.backdating = backdating;
	}

	record Shift(@NotNull(message = "请填写订单") UUID orderId,
			@NotNull(message = "请填写前移的分钟数") @Min(value = 1, message = "至少前移 1 分钟") @Max(value = MAX_MINUTES,
					message = "最多前移一年") Integer minutes,
			@Min(value = 0, message = "步骤间隔不能为负") @Max(value = MAX_STEP_MINUTES,
					message = "步骤间隔最多一天") Integer stepMinutes) {
	}

	record BackdateRequest(@NotEmpty(message = "请填写订单") @Size(max = 500,
			message = "一次最多 500 个订单") List<@NotNull(message = "请填写订单") @Valid Shift> orders) {
	}

	record BackdateResponse(int shifted) {
	}

	@PostMapping("/api/orders/demo/backdate")
	Mono<BackdateResponse> backdate(@Valid @RequestBody BackdateRequest request, CurrentUser user) {
		if (!user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有管理员可以调整演示数据"));
		}
		return backdating
			.shift(request.orders()
				.stream()
				.map(s -> new DemoBackdating.Shift(s.orderId(), s.minutes(),
						s.stepMinutes() == null ? 0 : s.stepMinutes()))
				.toList())
			.map(BackdateResponse::new);
	}

}
