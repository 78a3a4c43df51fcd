package org.civicdispatch.points.ledger;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.points.people.People;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.StaffScope;

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

	/** The most points one adjustment moves, either way. */
	static final int MAX_ADJUSTMENT = 100_000;

	private final Statements statements;

	private final Adjustments adjustments;

	private final Leaderboard leaderboard;

	private final LedgerCheck check;

	private final People people;

	private final StaffScope scope;

	AccountsController(Statements statements, Adjustments adjustments, Leaderboard leaderboard, LedgerCheck check,
			People people, StaffScope scope) {
		this.statements = statements;
		this.adjustments = adjustments;
		this.leaderboard = leaderboard;
		this.check = check;
		this.people = people;
		this.scope = scope;
	}

	@GetMapping("/api/points/accounts/me")
	Mono<Statements.AccountSummary> me(CurrentUser user) {
		return statements.summary(user.id()).defaultIfEmpty(Statements.AccountSummary.empty(user.id()));
	}

	@GetMapping("/api/points/accounts/me/entries")
	Mono<Page<Entry>> myEntries(CurrentUser user, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return statements.entries(user.id(), PageRequest.of(page, size));
	}

	@GetMapping("/api/points/accounts/{userId}")
	Mono<Statements.AccountSummary> account(CurrentUser user, @PathVariable UUID userId) {
		return requireMayRead(user, userId)
			.then(statements.summary(userId).defaultIfEmpty(Statements.AccountSummary.empty(userId)));
	}

	@GetMapping("/api/points/accounts/{userId}/entries")
	Mono<Page<Entry>> entries(CurrentUser user, @PathVariable UUID userId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		PageRequest request = PageRequest.of(page, size);
		return requireMayRead(user, userId).then(statements.entries(userId, request));
	}

	@PostMapping("/api/points/adjustments")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Entry> adjust(CurrentUser user, @Valid @RequestBody AdjustmentRequest request) {
		requireAdmin(user);
		if (user.id().equals(request.userId())) {
			throw new ForbiddenException("不能调整自己的积分");
		}
		if (request.amount() == 0) {
			throw BadRequestException.field("amount", "调整积分不能为 0");
		}
		if (Accounts.isSystem(request.userId())) {
			throw BadRequestException.field("userId", "不能调整系统账户");
		}
		return people.isKnown(request.userId())
			.flatMap(known -> known ? Mono.<Void>empty()
					: Mono.<Void>error(BadRequestException.field("userId", "找不到该用户")))
			.then(Mono.defer(
					() -> adjustments.adjust(user.id(), request.userId(), request.amount(), request.reason().strip())));
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

	/**
	 * Anyone reads their own account; STAFF the accounts of people whose station is in
	 * their scope, ADMIN everyone's. The system accounts are nobody's: 404.
	 */
	private Mono<Void> requireMayRead(CurrentUser user, UUID userId) {
		if (Accounts.isSystem(userId)) {
			return Mono.error(new NotFoundException("找不到该用户的积分账户"));
		}
		if (user.id().equals(userId)) {
			return Mono.empty();
		}
		if (!user.isAdmin() && !user.isStaff()) {
			return Mono.error(new ForbiddenException("只有工作人员可以查看他人的积分账户"));
		}
		String outOfScope = "只能查看本辖区志愿者的积分账户";
		// someone with an account who is not (yet) known here has no station: only ADMIN
		// reads it
		Mono<Void> unknown = statements.hasAccount(userId)
			.flatMap(exists -> exists ? scope.require(user, null, outOfScope)
					: Mono.error(new NotFoundException("找不到该用户的积分账户")));
		return people.find(userId)
			.flatMap(person -> scope.require(user, person.stationId(), outOfScope).thenReturn(true))
			.switchIfEmpty(unknown.thenReturn(true))
			.then();
	}

	private static void requireAdmin(CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ForbiddenException("只有管理员可以执行此操作");
		}
	}

	record AdjustmentRequest(@NotNull(message = "请指定用户") UUID userId,
			@NotNull(message = "请填写调整积分") @Min(value = -MAX_ADJUSTMENT, message = "单次调整不能超过 100000 分") @Max(
					value = MAX_ADJUSTMENT, message = "单次调整不能超过 100000 分") Integer amount,
			@NotBlank(message = "请填写调整原因") @Size(max = 200,
					message = "原因不能超过 200 字") @SingleLine(message = "原因不能换行") String reason) {
	}

	record ReversalRequest(@NotBlank(message = "请填写冲正原因") @Size(max = 200,
			message = "原因不能超过 200 字") @SingleLine(message = "原因不能换行") String reason) {
	}

}
