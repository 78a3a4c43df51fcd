package org.civicdispatch.order.evaluation;

import java.util.UUID;

import jakarta.validation.Valid;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EvaluationController {

	private final EvaluationService evaluations;

	EvaluationController(EvaluationService evaluations) {
		this.evaluations = evaluations;
	}

	@PostMapping("/api/orders/{id}/evaluations")
	Mono<OrderView> evaluate(@PathVariable UUID id, @Valid @RequestBody EvaluationService.EvaluationRequest request,
			CurrentUser user) {
		return evaluations.evaluate(user, id, request);
	}

}
