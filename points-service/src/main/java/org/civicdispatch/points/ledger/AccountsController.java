package org.civicdispatch.points.ledger;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.points.PageResponse;
import org.civicdispatch.points.people.People;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Balances, statements, adjustments, the leaderboard and the ledger check. */
@RestController
class AccountsController {

	private final Statements statements;

	private final Adjustments adjustments;

	private final Leaderboard leaderboard;

	private final LedgerCheck check;

	private final People people;

	AccountsController(Statements statements, Adjustments adjustments, Leaderboard leaderboard, LedgerCheck check,
			People people) {
		this.statements = statements;
		this.adjustments = adjustments;
		this.leaderboard = leaderboard;
		this.check = check;
		this.people = people;
	}

	@GetMapping("/api/points/accounts/me")
	Mono<Statements.AccountSummary> me(CurrentUser user) {
		return statements.summary(user.id()).defaultIfEmpty(Statements.AccountSummary.empty(user.id()));
	}

	@GetMapping("/api/points/accounts/me/entries")
	Mono<PageResponse<Entry>> myEntries(CurrentUser user, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return statements.entries(user.id(), PageResponse.Request.of(page, size));
	}

	@GetMapping("/api/points/accounts/{userId}")
	Mono<Statements.AccountSummary> account(CurrentUser user, @PathVariable UUID userId) {
		requireStaff(user);
		return statements.summary(userId)
			.switchIfEmpty(people.isKnown(userId)
				.flatMap(known -> known ? Mono.just(Statements.AccountSummary.empty(userId))
						: Mono.error(new NotFoundException("找不到该用户的积分账户"))));
	}

	@GetMapping("/api/points/accounts/{userId}/entries")
	Mono<PageResponse<Entry>> entries(CurrentUser user, @PathVariable UUID userId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		requireStaff(user);
		return statements.entries(userId, PageResponse.Request.of(page, size));
	}

	@PostMapping("/api/points/adjustments")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Entry> adjust(CurrentUser user, @Valid @RequestBody AdjustmentRequest request) {
		requireAdmin(user);
		if (request.amount() == 0) {
			throw BadRequestException.field("amount", "调整积分不能为 0");
		}
		if (Accounts.isSystem(request.userId())) {
			throw BadRequestException.field("userId", "不能调整系统账户");
		}
		return adjustments.adjust(user.id(), request.userId(), request.amount(), request.reason().strip());
	}

	@PostMapping("/api/points/transactions/{id}/reverse")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Entry> reverse(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody ReversalRequest request) {
		requireAdmin(user);
		return adjustments.reverse(user.id(), id, request.reason().strip());
	}

	@GetMapping("/api/points/leaderboard")
	Mono<List<Leaderboard.Row>> leaderboard(@RequestParam(defaultValue = "month") String period,
			@RequestParam(required = false) UUID orgUnitId, @RequestParam(defaultValue = "20") int limit) {
		if (limit < 1 || limit > 100) {
			throw BadRequestException.field("limit", "名次数应在 1 到 100 之间");
		}
		return leaderboard.top(period, orgUnitId, limit);
	}

	@GetMapping("/api/points/ledger/check")
	Mono<LedgerCheck.Result> check(CurrentUser user) {
		requireAdmin(user);
		return check.run();
	}

	private static void requireStaff(CurrentUser user) {
		if (!user.isAdmin() && !user.isStaff()) {
			throw new ForbiddenException("只有工作人员可以查看他人的积分账户");
		}
	}

	private static void requireAdmin(CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ForbiddenException("只有管理员可以执行此操作");
		}
	}

	record AdjustmentRequest(@NotNull(message = "请指定用户") UUID userId,
			@NotNull(message = "请填写调整积分") @Min(value = -1_000_000, message = "单次调整不能超过 1000000 分")
			@Max(value = 1_000_000, message = "单次调整不能超过 1000000 分") Long amount,
			@NotBlank(message = "请填写调整原因") @Size(max = 200, message = "原因不能超过 200 字") String reason) {
	}

	record ReversalRequest(
			@NotBlank(message = "请填写冲正原因") @Size(max = 200, message = "原因不能超过 200 字") String reason) {
	}

}
