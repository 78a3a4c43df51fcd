package org.civicdispatch.order.evaluation;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AppealController {

	private final AppealService appeals;

	AppealController(AppealService appeals) {
		this.appeals = appeals;
	}

	@PostMapping("/api/orders/{id}/appeal")
	@Operation(summary = "申诉: appeal an evaluated order", description = """
			The order's resident (for 帮办, the beneficiary's account, or the helper when the beneficiary has \
			none), within 7 days of the order becoming `EVALUATED` (`civic.evaluation.appeal-window`), once: \
			201 with the order, whose `appeal.status` is `OPEN`. Later, again, or before evaluation: 409. \
			`reason`: required, at most 1000 characters.""")
	Mono<ResponseEntity<OrderView>> appeal(@PathVariable UUID id,
			@Valid @RequestBody AppealService.AppealRequest request, CurrentUser user) {
		return appeals.appeal(user, id, request)
			.map(order -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + id + "/appeal"))
				.body(order));
	}

	@PostMapping("/api/orders/{id}/appeal/decision")
	@Operation(summary = "申诉: decide an open appeal", description = """
			STAFF over the order's station who did not serve on it, or ADMIN (403 otherwise); once (409 for \
			the second decision, even at the same moment). Upheld, `staffRating` may replace the staff \
			rating and `approvedHours` correct hours; the final rating is computed again, and points \
			(a reversal of the order's awards and a new award, both naming the order) and the volunteers' \
			service records follow through `AppealDecided`. Dismissed, nothing but the appeal changes.""")
	Mono<OrderView> decide(@PathVariable UUID id, @Valid @RequestBody AppealService.DecisionRequest request,
			CurrentUser user) {
		return appeals.decide(user, id, request);
	}

}
