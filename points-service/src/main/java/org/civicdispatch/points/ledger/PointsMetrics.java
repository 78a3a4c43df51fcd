package org.civicdispatch.points.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Points moved, as counters of amounts (not of transactions), counted once the
 * transaction that moved them has committed: {@code civic_points_awarded_total} (以行积分,
 * awards for evaluated orders), {@code civic_points_redeemed_total} (以分换物, spent on
 * redemptions when reserved) and {@code civic_points_refunded_total} (given back when a
 * redemption is cancelled or expires); what the store took net is redeemed minus
 * refunded. Administrators' adjustments are not counted here.
 */
@Component
public class PointsMetrics {

	public static final String AWARDED = "civic.points.awarded";

	public static final String REDEEMED = "civic.points.redeemed";

	public static final String REFUNDED = "civic.points.refunded";

	private final Counter awarded;

	private final Counter redeemed;

	private final Counter refunded;

	PointsMetrics(MeterRegistry registry) {
		this.awarded = Counter.builder(AWARDED).description("Points awarded for evaluated orders").register(registry);
		this.redeemed = Counter.builder(REDEEMED)
			.description("Points spent on redemptions in the points store")
			.register(registry);
		this.refunded = Counter.builder(REFUNDED)
			.description("Points given back for cancelled or expired redemptions")
			.register(registry);
	}

	public void awarded(long points) {
		if (points > 0) {
			this.awarded.increment(points);
		}
	}

	public void redeemed(long points) {
		if (points > 0) {
			this.redeemed.increment(points);
		}
	}

	public void refunded(long points) {
		if (points > 0) {
			this.refunded.increment(points);
		}
	}

}
