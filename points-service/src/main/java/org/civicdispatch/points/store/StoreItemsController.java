package org.civicdispatch.points.store;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.web.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** 积分超市 goods: anyone may browse; STAFF over the station or ADMIN manage them. */
@RestController
@RequestMapping("/api/store/items")
class StoreItemsController {

	private final StoreItems items;

	StoreItemsController(StoreItems items) {
		this.items = items;
	}

	/**
	 * Active goods, of one station when {@code stationId} is given; inactive ones too on
	 * request.
	 */
	@GetMapping
	Mono<List<StoreItem>> list(@RequestParam(required = false) UUID stationId,
			@RequestParam(defaultValue = "false") boolean includeInactive) {
		return items.list(stationId, includeInactive);
	}

	@GetMapping("/{id}")
	Mono<StoreItem> get(@PathVariable UUID id) {
		return items.find(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<StoreItem> create(CurrentUser user, @Valid @RequestBody NewItem request) {
		return items.create(user, request.name().strip(),
				request.description() == null ? "" : request.description().strip(), request.pointsCost(),
				request.stock(), request.stationId());
	}

	@PostMapping("/{id}/restock")
	Mono<StoreItem> restock(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody Restock request) {
		return items.restock(user, id, request.quantity());
	}

	@PostMapping("/{id}/deactivate")
	Mono<StoreItem> deactivate(CurrentUser user, @PathVariable UUID id) {
		return items.deactivate(user, id);
	}

	@PostMapping("/{id}/activate")
	Mono<StoreItem> activate(CurrentUser user, @PathVariable UUID id) {
		return items.activate(user, id);
	}

	record NewItem(
			@NotBlank(message = "请填写商品名称") @Size(max = 100,
					message = "商品名称不能超过 100 字") @SingleLine(message = "商品名称不能换行") String name,
			@Size(max = 1000, message = "商品说明不能超过 1000 字") String description,
			@NotNull(message = "请填写所需积分") @Min(value = 1, message = "所需积分至少为 1") @Max(
					value = StoreItems.MAX_POINTS_COST, message = "所需积分不能超过 100000") Integer pointsCost,
			@NotNull(message = "请填写库存") @Min(value = 0, message = "库存不能为负数") @Max(value = StoreItems.MAX_STOCK,
					message = "库存不能超过 100000") Integer stock,
			@NotNull(message = "请指定站点") UUID stationId) {
	}

	record Restock(@NotNull(message = "请填写补货数量") @Min(value = 1,
			message = "补货数量至少为 1") @Max(value = StoreItems.MAX_STOCK, message = "补货数量不能超过 100000") Integer quantity) {
	}

}
