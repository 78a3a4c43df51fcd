package org.civicdispatch.points.store;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.IdempotencyKeyHeader;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** 以分换物: redeem, fulfil (核销) with the pickup code, cancel. */
@RestController
@RequestMapping("/api/store/redemptions")
class RedemptionsController {

	/** The most pieces one redemption takes. */
	static final int MAX_QUANTITY = 10;

	private final RedemptionService redemptions;

	RedemptionsController(RedemptionService redemptions) {
		this.redemptions = redemptions;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<RedemptionResponse> redeem(CurrentUser user, @Valid @RequestBody RedeemRequest request,
			@Parameter(description = IdempotencyKeyHeader.DESCRIPTION) @RequestHeader(name = IdempotencyKeyHeader.NAME,
					required = false) String idempotencyKey) {
		IdempotencyKeyHeader.requireUsable(idempotencyKey);
		return redemptions.redeem(user, request.itemId(), request.quantity(), idempotencyKey)
			.map(redemption -> RedemptionResponse.of(redemption, user));
	}

	@GetMapping
	Mono<Page<RedemptionResponse>> list(CurrentUser user, @RequestParam(defaultValue = "false") boolean mine,
			@RequestParam(required = false) UUID stationId, @RequestParam(required = false) RedemptionStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return redemptions.list(user, mine, stationId, status, PageRequest.of(page, size))
			.map(found -> found.map(redemption -> RedemptionResponse.of(redemption, user)));
	}

	@GetMapping("/{id}")
	Mono<RedemptionResponse> get(CurrentUser user, @PathVariable UUID id) {
		return redemptions.get(user, id).map(redemption -> RedemptionResponse.of(redemption, user));
	}

	@PostMapping("/{id}/fulfil")
	Mono<RedemptionResponse> fulfil(CurrentUser user, @PathVariable UUID id,
			@Valid @RequestBody FulfilRequest request) {
		return redemptions.fulfil(user, id, request.pickupCode())
			.map(redemption -> RedemptionResponse.of(redemption, user));
	}

	@PostMapping("/{id}/cancel")
	Mono<RedemptionResponse> cancel(CurrentUser user, @PathVariable UUID id) {
		return redemptions.cancel(user, id).map(redemption -> RedemptionResponse.of(redemption, user));
	}

	record RedeemRequest(@NotNull(message = "请选择商品") UUID itemId, @NotNull(message = "请填写兑换数量") @Min(value = 1,
			message = "兑换数量至少为 1") @Max(value = MAX_QUANTITY, message = "单次兑换不能超过 10 件") Integer quantity) {
	}

	record FulfilRequest(@NotBlank(message = "请填写核销码") @Size(max = 32, message = "核销码不正确") String pickupCode) {
	}

	/**
	 * A redemption as the caller may see it: only the volunteer who redeemed sees the
	 * pickup code.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RedemptionResponse(UUID id, UUID userId, UUID itemId, String itemName, UUID stationId, int quantity,
			long pointsSpent, RedemptionStatus status, String pickupCode, Instant expiresAt, Instant createdAt,
			Instant fulfilledAt, UUID fulfilledBy, Instant cancelledAt, UUID cancelledBy, Boolean expired) {

		static RedemptionResponse of(Redemption r, CurrentUser viewer) {
			String code = r.isOwnedBy(viewer.id()) && r.status() == RedemptionStatus.RESERVED ? r.pickupCode() : null;
			return new RedemptionResponse(r.id(), r.userId(), r.itemId(), r.itemName(), r.stationId(), r.quantity(),
					r.pointsSpent(), r.status(), code, r.expiresAt(), r.createdAt(), r.fulfilledAt(), r.fulfilledBy(),
					r.cancelledAt(), r.cancelledBy(), r.status() == RedemptionStatus.CANCELLED ? r.expired() : null);
		}

	}

}
