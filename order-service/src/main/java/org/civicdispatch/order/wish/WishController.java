package org.civicdispatch.order.wish;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.web.UnauthorizedException;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 心愿墙: the wish wall. Reading it needs no token; posting, claiming and closing do. */
@RestController
@RequestMapping("/api/wishes")
class WishController {

	private final WishService wishes;

	WishController(WishService wishes) {
		this.wishes = wishes;
	}

	record PostWishRequest(
			@NotBlank(message = "心愿标题不能为空") @Size(max = 100,
					message = "心愿标题不能超过 100 个字") @SingleLine(message = "心愿标题不能换行") String title,
			@Size(max = 2000, message = "心愿描述不能超过 2000 个字") String description,
			@NotNull(message = "请选择实践站") UUID stationId, @NotBlank(message = "请填写联系电话") @Pattern(regexp = "^1\\d{10}$",
					message = "联系电话须为 11 位手机号") String contactPhone) {
	}

	record ClaimWishRequest(@NotNull(message = "请选择服务队") UUID teamId,
			@Size(max = 100, message = "最多指派 100 名队员") List<UUID> volunteerIds) {
	}

	record CloseWishRequest(@NotBlank(message = "请填写关闭原因") @Size(max = 200,
			message = "关闭原因不能超过 200 个字") @SingleLine(message = "关闭原因不能换行") String reason) {
	}

	@PostMapping
	@Operation(summary = "心愿墙: post a wish (微心愿)", description = """
			Any signed-in user → 201, the wish `OPEN`, with a `Location` header. At most 5 open wishes per \
			person and station (409 beyond).""")
	Mono<ResponseEntity<WishView>> post(@Valid @RequestBody PostWishRequest request, CurrentUser user) {
		return wishes
			.post(user,
					new WishService.PostRequest(request.title(), request.description(), request.stationId(),
							request.contactPhone()))
			.map(wish -> ResponseEntity.created(URI.create("/api/wishes/" + wish.id())).body(wish));
	}

	@GetMapping
	@Operation(summary = "心愿墙: the wishes, newest first", description = """
			Anyone, no token needed. Paged; contact phones masked. `stationId`: one station's wall; \
			`orgUnitId`: a unit and everything under it; `status`: OPEN, CLAIMED or CLOSED; `mine=true` \
			(signed in): the caller's own wishes.""")
	Mono<Page<WishView>> list(@RequestParam(required = false) UUID stationId,
			@RequestParam(required = false) UUID orgUnitId, @RequestParam(required = false) Wish.Status status,
			@Parameter(description = "Only the caller's own wishes; needs a token") @RequestParam(
					defaultValue = "false") boolean mine,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		PageRequest request = PageRequest.of(page, size);
		Mono<UUID> author = mine ? CurrentUser.current()
			.switchIfEmpty(Mono.error(() -> new UnauthorizedException("请先登录再查看我的心愿")))
			.map(CurrentUser::id) : Mono.empty();
		return author.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(by -> wishes
				.list(new WishRepository.Filter(stationId, orgUnitId, status, by.orElse(null), request)))
			.map(found -> found.map(w -> WishView.of(w, false)));
	}

	@GetMapping("/{id}")
	@Operation(summary = "心愿墙: one wish", description = """
			Anyone, no token needed; the contact phone whole only for its author and staff over the station.""")
	Mono<WishView> get(@PathVariable UUID id) {
		return CurrentUser.current()
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(user -> wishes.get(user.orElse(null), id));
	}

	@PostMapping("/{id}/claim")
	@Operation(summary = "心愿墙: a team leader claims a wish", description = """
			The leader of `teamId`, an active team of the wish's station or a unit above it, with \
			`volunteerIds` (members of the team, at least one) → the wish `CLAIMED`, with `orderId`: a new \
			order of category `WISH` (微心愿), `ACCEPTED` by that team, whose resident is the wish's author; \
			it then runs like any order (start, complete, evaluations, points). A wish already claimed or \
			closed, or a team at capacity, is a 409; of two leaders claiming at once exactly one wins.""")
	Mono<WishView> claim(@PathVariable UUID id, @Valid @RequestBody ClaimWishRequest request, CurrentUser user) {
		return wishes.claim(user, id, request.teamId(), request.volunteerIds());
	}

	@PostMapping("/{id}/close")
	@Operation(summary = "心愿墙: close a wish nobody will take", description = """
			The author, or STAFF over the station (ADMIN), with a `reason` → `CLOSED`. Only an open wish \
			(409 otherwise).""")
	Mono<WishView> close(@PathVariable UUID id, @Valid @RequestBody CloseWishRequest request, CurrentUser user) {
		return wishes.close(user, id, request.reason());
	}

}
