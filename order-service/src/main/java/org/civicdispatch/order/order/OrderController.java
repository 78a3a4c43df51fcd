package org.civicdispatch.order.order;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 点单, reading orders, and the team's start/complete and the resident's cancel. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService orders;

	private final OrderList list;

	OrderController(OrderService orders, OrderList list) {
		this.orders = orders;
		this.list = list;
	}

	@PostMapping
	@ApiResponse(responseCode = "201", description = "The order, PLACED (a repeat with the same Idempotency-Key and body "
			+ "answers the first response)", headers = @Header(name = "Location", description = "/api/orders/{id}"),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	Mono<ResponseEntity<JsonNode>> place(@Valid @RequestBody PlaceOrderRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, CurrentUser user) {
		return orders.place(user, request, idempotencyKey)
			.map(placed -> ResponseEntity.status(placed.status())
				.location(URI.create("/api/orders/" + placed.orderId()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(placed.body()));
	}

	@GetMapping("/{id}")
	Mono<OrderView> get(@PathVariable UUID id, CurrentUser user) {
		return orders.get(user, id);
	}

	@GetMapping
	Mono<PageView<OrderView>> list(@RequestParam(required = false) OrderStatus status,
			@RequestParam(required = false) UUID teamId, @RequestParam(defaultValue = "false") boolean mine,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, CurrentUser user) {
		if (page < 0) {
			return Mono.error(BadRequestException.field("page", "页码不能为负数"));
		}
		if (size < 1 || size > 100) {
			return Mono.error(BadRequestException.field("size", "每页条数须在 1 到 100 之间"));
		}
		return list.list(user, new OrderList.Filter(status, teamId, mine, page, size));
	}

	@PostMapping("/{id}/start")
	Mono<OrderView> start(@PathVariable UUID id, CurrentUser user) {
		return orders.start(user, id);
	}

	@PostMapping("/{id}/complete")
	Mono<OrderView> complete(@PathVariable UUID id, @Valid @RequestBody OrderService.CompleteRequest request,
			CurrentUser user) {
		return orders.complete(user, id, request);
	}

	@PostMapping("/{id}/cancel")
	Mono<OrderView> cancel(@PathVariable UUID id,
			@Valid @RequestBody(required = false) OrderService.CancelRequest request,
			CurrentUser user) {
		return orders.cancel(user, id, request);
	}

}
