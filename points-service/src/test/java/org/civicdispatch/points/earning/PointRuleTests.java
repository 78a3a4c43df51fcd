package org.civicdispatch.points.earning;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PointRuleTests {

	private final PointRule rule = new PointRule(BigDecimal.TEN, Map.of("ELDERLY", new BigDecimal("1.5")));

	@Test
	void tenPointsPerHourWithoutBonusBelowTheThreshold() {
		assertThat(rule.award(hours("2"), "LAW", rating("3.99")).points()).isEqualTo(20);
	}

	@Test
	void ratingOfExactlyFourEarnsTheBonus() {
		assertThat(rule.award(hours("2"), "LAW", rating("4.0")).points()).isEqualTo(24);
	}

	@Test
	void categoryMultiplierAndBonusCombineBeforeRoundingDown() {
		// 2.5 × 10 × 1.5 × 1.2 = 45
		assertThat(rule.award(hours("2.5"), "ELDERLY", rating("4.6")).points()).isEqualTo(45);
		// 1.3 × 10 × 1.5 × 1.0 = 19.5 → 19
		assertThat(rule.award(hours("1.3"), "ELDERLY", rating("3.8")).points()).isEqualTo(19);
	}

	@Test
	void roundsDownWithExactDecimals() {
		// 0.7 × 10 × 1.2 = 8.4 → 8 (binary floating point would give 8.399999…)
		assertThat(rule.award(hours("0.7"), "LAW", rating("5")).points()).isEqualTo(8);
		// 0.05 × 10 = 0.5 → 0
		assertThat(rule.award(hours("0.05"), "LAW", rating("3")).points()).isZero();
	}

	@Test
	void missingRatingEarnsNoBonusAndMissingHoursEarnNothing() {
		assertThat(rule.award(hours("1"), "LAW", null).points()).isEqualTo(10);
		assertThat(rule.award(null, "LAW", rating("5")).points()).isZero();
		assertThat(rule.award(hours("-3"), "LAW", rating("5")).points()).isZero();
	}

	@Test
	void unknownCategoryUsesTheDefaultMultiplier() {
		assertThat(rule.multiplierFor("HEALTH")).isEqualByComparingTo("1.0");
		assertThat(rule.multiplierFor(null)).isEqualByComparingTo("1.0");
	}

	@Test
	void memoShowsTheFigures() {
		assertThat(rule.award(hours("2.5"), "ELDERLY", rating("4.6")).memo())
			.isEqualTo("服务积分：2.5 小时 × 10 × 1.5 × 1.2 = 45");
	}

	private static BigDecimal hours(String value) {
		return new BigDecimal(value);
	}

	private static BigDecimal rating(String value) {
		return new BigDecimal(value);
	}

}
