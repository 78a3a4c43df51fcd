package org.civicdispatch.order.checkin;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.order.serviceorder.CheckIn;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** 签到 / 签退 at the resident's door with a code the resident shows as a QR code. */
@RestController
@RequestMapping("/api/orders/{id}")
class CheckInController {

	private final CheckInService checkIns;

	CheckInController(CheckInService checkIns) {
		this.checkIns = checkIns;
	}

	@GetMapping("/check-in-code")
	@Operation(summary = "A check-in code for the volunteers at the door (签到码)", description = """
			The order's resident, while the order is `ACCEPTED` or `IN_SERVICE` (otherwise 409). Each call \
			issues a fresh random code of 8 characters (digits and capital letters without 0, O, 1 and I), \
			valid for this order only until `expiresAt` (5 minutes, `CHECK_IN_CODE_TTL`); the app shows it \
			as a QR code and as text to type.""")
	Mono<CheckInCode> code(@PathVariable UUID id, CurrentUser user) {
		return checkIns.issue(user, id);
	}

	@PostMapping("/check-ins")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "签到 or 签退 with the resident's code", description = """
			An assigned volunteer of the order (403 for anyone else), while it is `ACCEPTED` or `IN_SERVICE` \
			(409 otherwise). `type` `IN` checks in, `OUT` checks out. The code is case-insensitive; spaces \
			and dashes are ignored. 422 when the code is wrong, belongs to another order, has expired, or \
			was already used by this volunteer (a replay: the resident shows a fresh code for the \
			check-out). 409 for `OUT` without a check-in before it, or `IN` while checked in. The order's \
			`checkIns` and its history (`CHECKED_IN` / `CHECKED_OUT`) show it. When the team completes the \
			order, the hours reported for a volunteer who checked in and out may not exceed the time in \
			between rounded up to the half hour (at least half an hour); 400 naming the entry and the \
			volunteer.""")
	@ApiResponse(responseCode = "201", description = "What was recorded")
	Mono<CheckIn> checkIn(@PathVariable UUID id, @Valid @RequestBody CheckInRequest request, CurrentUser user) {
		return checkIns.checkIn(user, id, request.code(), request.type());
	}

	record CheckInRequest(@NotBlank(message = "请输入签到码") @Size(max = 20, message = "签到码不正确") String code,
			@NotNull(message = "type 须为 IN 或 OUT") CheckIn.Type type) {
	}

}
