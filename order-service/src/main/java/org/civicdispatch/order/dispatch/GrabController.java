package org.civicdispatch.order.dispatch;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.order.dispatch.GrabPool.Mode;
import org.civicdispatch.order.serviceorder.OrderView;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 抢单: a station's dispatch mode, the pool a leader sees, and the claim. */
@RestController
class GrabController {

	private final GrabService grab;

	GrabController(GrabService grab) {
		this.grab = grab;
	}

	record ModeRequest(@NotNull(message = "请选择派单方式") Mode mode,
			@Min(value = 1, message = "抢单时限须在 1 到 1440 分钟之间") @Max(value = 1440,
					message = "抢单时限须在 1 到 1440 分钟之间") Integer grabWindowMinutes) {
	}

	record ClaimRequest(@NotNull(message = "请选择服务队") UUID teamId,
			@Size(max = 100, message = "最多指派 100 名队员") List<UUID> volunteerIds) {
	}

	@GetMapping("/api/dispatch/stations/{stationId}")
	@Operation(summary = "A station's dispatch mode (AUTO or GRAB)", description = """
			Any signed-in user. A station that never chose reads `AUTO` with a 30-minute `grabWindowMinutes` \
			and no `updatedAt`. 404 for an id that is not a station.""")
	Mono<GrabService.StationModeView> mode(@PathVariable UUID stationId, CurrentUser user) {
		return grab.mode(stationId);
	}

	@PutMapping("/api/dispatch/stations/{stationId}")
	@Operation(summary = "抢单: set a station's dispatch mode", description = """
			STAFF over the station, ADMIN. `AUTO`: placed orders are dispatched at once. `GRAB`: a placed \
			order is offered for `grabWindowMinutes` (1–1440, required with GRAB) to every team that could \
			take it by automatic dispatch (`GET /api/orders/pool`, `POST /api/orders/{id}/claim`), then \
			dispatched as in AUTO. Back to AUTO, the orders in the pool are dispatched on the next sweep.""")
	Mono<GrabService.StationModeView> setMode(@PathVariable UUID stationId, @Valid @RequestBody ModeRequest request,
			CurrentUser user) {
		return grab.setMode(user, stationId, request.mode(), request.grabWindowMinutes());
	}

	@GetMapping("/api/orders/pool")
	@Operation(summary = "抢单: the open orders the caller's teams may grab", description = """
			For a team leader: the orders placed at stations in GRAB mode, still within their window, that \
			a team the caller leads could take by the rules of automatic dispatch (active, serves the \
			category, of the station or a unit above it, below capacity, never gave the order back); \
			oldest first, paged. Each names `teamIds`, the caller's teams that may grab it, and \
			`grabUntil`. Phone and address are shown once the order is the team's.""")
	Mono<Page<GrabService.PoolOrderView>> pool(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, CurrentUser user) {
		return grab.pool(user, PageRequest.of(page, size));
	}

	@PostMapping("/api/orders/{id}/claim")
	@Operation(summary = "抢单: the leader of a team claims an order of the pool", description = """
			The leader of `teamId`, with `volunteerIds` (members of the team, at least one) → the order, \
			`ACCEPTED` by that team. Exactly one claim wins; the others get 409, as does a claim on an \
			order that is not in a GRAB station's pool or for a team at capacity. A team that could not \
			take the order by automatic dispatch (category, station, inactive) is a 403.""")
	Mono<OrderView> claim(@PathVariable UUID id, @Valid @RequestBody ClaimRequest request, CurrentUser user) {
		return grab.claim(user, id, request.teamId(), request.volunteerIds());
	}

}
