package org.civicdispatch.points.earning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * 以行积分:
 * {@code floor(approvedHours × baseRate × categoryMultiplier × (finalRating ≥ 4.0 ? 1.2 : 1.0))}.
 * Multipliers are per catalogue category and default to 1.0. Exact decimal arithmetic,
 * rounded down once at the end.
 */
record PointRule(BigDecimal baseRate, Map<String, BigDecimal> multipliers) {

	public static final BigDecimal DEFAULT_BASE_RATE = BigDecimal.TEN;

	public static final BigDecimal DEFAULT_MULTIPLIER = BigDecimal.ONE;

	public static final BigDecimal RATING_THRESHOLD = new BigDecimal("4.0");

	public static final BigDecimal RATING_BONUS = new BigDecimal("1.2");

	public PointRule {
		Objects.requireNonNull(baseRate, "baseRate");
		multipliers = Map.copyOf(multipliers);
	}

	public static PointRule defaults() {
		return new PointRule(DEFAULT_BASE_RATE, Map.of());
	}

	public BigDecimal multiplierFor(String category) {
		return category == null ? DEFAULT_MULTIPLIER : multipliers.getOrDefault(category, DEFAULT_MULTIPLIER);
	}

	public BigDecimal ratingFactor(BigDecimal finalRating) {
		return finalRating != null && finalRating.compareTo(RATING_THRESHOLD) >= 0 ? RATING_BONUS : BigDecimal.ONE;
	}

	/**
	 * The points for {@code approvedHours} on an order of {@code category} rated
	 * {@code finalRating}; 0 for no hours.
	 */
	public Award award(BigDecimal approvedHours, String category, BigDecimal finalRating) {
		BigDecimal hours = approvedHours == null || approvedHours.signum() < 0 ? BigDecimal.ZERO : approvedHours;
		BigDecimal multiplier = multiplierFor(category);
		BigDecimal factor = ratingFactor(finalRating);
		long points = hours.multiply(baseRate)
			.multiply(multiplier)
			.multiply(factor)
			.setScale(0, RoundingMode.FLOOR)
			.longValueExact();
		String memo = "服务积分：%s 小时 × %s × %s × %s = %d".formatted(hours.stripTrailingZeros().toPlainString(),
				baseRate.stripTrailingZeros().toPlainString(), multiplier.stripTrailingZeros().toPlainString(),
				factor.stripTrailingZeros().toPlainString(), points);
		return new Award(points, memo);
	}

	/** Points earned and how they were computed, for the transaction's memo. */
	public record Award(long points, String memo) {
	}

}
