package org.civicdispatch.points.store;

import java.time.Duration;

import org.civicdispatch.messaging.Sweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Cancels reservations past their pickup deadline and refunds them, every
 * {@code civic.store.expiry-sweep-interval}, at most
 * {@code civic.store.expiry-batch-size} a run. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several instances sweep side by side without doing
 * the same work twice.
 */
@Component
class RedemptionExpirySweep implements Sweep {

	private static final Logger log = LoggerFactory.getLogger(RedemptionExpirySweep.class);

	private final RedemptionService redemptions;

	private final StoreProperties properties;

	RedemptionExpirySweep(RedemptionService redemptions, StoreProperties properties) {
		this.redemptions = redemptions;
		this.properties = properties;
	}

	@Override
	public Mono<Void> run() {
		return redemptions.expireDue(properties.expiryBatchSize())
			.filter(expired -> expired > 0)
			.doOnNext(expired -> log.info("Cancelled {} expired reservations", expired))
			.then();
	}

	@Override
	public Duration interval() {
		return properties.expirySweepInterval();
	}

}
