package org.civicdispatch.points.earning;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;

import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Administrators read and change the point rule; a change applies to orders evaluated
 * afterwards.
 */
@RestController
@RequestMapping("/api/points/rules")
class RulesController {

	private final PointRules rules;

	private final TransactionalOperator transactions;

	RulesController(PointRules rules, TransactionalOperator transactions) {
		this.rules = rules;
		this.transactions = transactions;
	}

	@GetMapping
	Mono<RulesResponse> current(CurrentUser user) {
		requireAdmin(user);
		return rules.current().map(RulesResponse::of);
	}

	@PutMapping
	Mono<RulesResponse> replace(CurrentUser user, @Valid @RequestBody RulesRequest request) {
		requireAdmin(user);
		Map<String, BigDecimal> multipliers = request.multipliers() == null ? Map.of() : request.multipliers();
		return transactions.transactional(rules.replace(request.baseRate(), multipliers, user.id()))
			.then(rules.current())
			.map(RulesResponse::of);
	}

	private static void requireAdmin(CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ForbiddenException("只有管理员可以设置积分规则");
		}
	}

	record RulesRequest(
			@NotNull(message = "请填写每小时基础积分") @DecimalMin(value = "0", message = "基础积分不能为负数") @DecimalMax(value = "1000",
					message = "基础积分不能超过 1000") @Digits(integer = 4, fraction = 2,
							message = "基础积分最多两位小数") BigDecimal baseRate,
			@Size(max = 100,
					message = "服务类别不能超过 100 个") Map<@Pattern(regexp = "[A-Z][A-Z0-9_]{0,39}",
							message = "服务类别代码不正确") String, @NotNull(message = "请填写倍数") @DecimalMin(value = "0",
									message = "倍数不能为负数") @DecimalMax(value = "100", message = "倍数不能超过 100") @Digits(
											integer = 3, fraction = 2, message = "倍数最多两位小数") BigDecimal> multipliers) {
	}

	record RulesResponse(BigDecimal baseRate, Map<String, BigDecimal> multipliers, BigDecimal ratingThreshold,
			BigDecimal ratingBonus, BigDecimal defaultMultiplier, OffsetDateTime effectiveFrom) {

		static RulesResponse of(PointRules.Version version) {
			return new RulesResponse(version.baseRate(), version.multipliers(), PointRule.RATING_THRESHOLD,
					PointRule.RATING_BONUS, PointRule.DEFAULT_MULTIPLIER, version.effectiveFrom());
		}

	}

}
