package org.civicdispatch.order.serviceorder;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.civicdispatch.web.IdempotencyKeyHeader;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
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
	@ApiResponse(responseCode = "201",
			description = "The order, PLACED (a repeat with the same Idempotency-Key and body "
					+ "answers the first response)",
			headers = @Header(name = "Location", description = "/api/orders/{id}"),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	Mono<ResponseEntity<JsonNode>> place(@Valid @RequestBody PlaceOrderRequest request,
			@Parameter(description = IdempotencyKeyHeader.DESCRIPTION) @RequestHeader(name = IdempotencyKeyHeader.NAME,
					required = false) String idempotencyKey,
			CurrentUser user) {
		IdempotencyKeyHeader.requireUsable(idempotencyKey);
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
	@Operation(summary = "Orders the caller may read, newest first; or the overdue list (督办)", description = """
			Paged. `overdue=true` lists only the orders accepted or under way at or past their due time \
			(`dueAt`; flagged `overdue` or about to be), among those the caller may read, the longest overdue \
			first (`dueAt` ascending). With `escalated=true` as well, only those escalated to the caller's own \
			level (督办 up the tree): for staff of a station every overdue order of it, for staff of an \
			institute those overdue for at least the escalation grace period (`OVERDUE_ESCALATION_GRACE`, \
			24 h by default), for staff of the centre (and ADMIN) those overdue for at least twice that; \
			each order's `escalationLevel` says where it stands.""")
	Mono<Page<OrderView>> list(@RequestParam(required = false) OrderStatus status,
			@RequestParam(required = false) UUID teamId, @RequestParam(defaultValue = "false") boolean mine,
			@Parameter(description = "Only open orders at or past their due time, longest overdue first") @RequestParam(
					defaultValue = "false") boolean overdue,
			@Parameter(
					description = "With overdue=true: only the overdue orders escalated to the caller's level") @RequestParam(
							defaultValue = "false") boolean escalated,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, CurrentUser user) {
		PageRequest request = PageRequest.of(page, size);
		if (escalated && !overdue) {
			return Mono.error(BadRequestException.field("escalated", "escalated 须与 overdue=true 一起使用"));
		}
		return list.list(user, new OrderList.Filter(status, teamId, mine, overdue, escalated, request));
	}

	@PostMapping("/{id}/urge")
	@Operation(summary = "督办: urge the team holding an order", description = """
			STAFF over the order's station, or ADMIN. Only while the order is with a team (`DISPATCHED`, \
			`ACCEPTED` or `IN_SERVICE`; otherwise 409). Adds an `URGED` history entry with the note and \
			sends the team's leader and members an `urge` event on `/api/events/stream` at once (everyone \
			who may read the order gets the usual `order` event). The status does not change. `note`: \
			required, one line, at most 200 characters.""")
	Mono<OrderView> urge(@PathVariable UUID id, @Valid @RequestBody OrderService.UrgeRequest request,
			CurrentUser user) {
		return orders.urge(user, id, request);
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
			@Valid @RequestBody(required = false) OrderService.CancelRequest request, CurrentUser user) {
		return orders.cancel(user, id, request);
	}

}
