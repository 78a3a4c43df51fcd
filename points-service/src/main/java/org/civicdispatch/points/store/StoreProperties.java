package org.civicdispatch.points.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code civic.store}.
 *
 * @param reservationTtl how long reserved goods wait for pickup before the reservation is
 * cancelled and refunded
 * @param expirySweepInterval how often expired reservations are looked for
 * @param expiryBatchSize reservations expired per sweep at most
 * @param maxPickupAttempts wrong pickup codes allowed per redemption before it can no
 * longer be fulfilled
 */
@ConfigurationProperties("civic.store")
record StoreProperties(@DefaultValue("7d") Duration reservationTtl, @DefaultValue("30s") Duration expirySweepInterval,
		@DefaultValue("100") int expiryBatchSize, @DefaultValue("5") int maxPickupAttempts) {
}
