package org.civicdispatch.points.store;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cancels reservations past their pickup deadline and refunds them, every
 * {@code civic.store.expiry-sweep-interval}. Rows are claimed with {@code FOR UPDATE SKIP LOCKED},
 * so several instances sweep side by side without doing the same work twice.
 */
@Component
class ExpirySweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

	private final Redemptions redemptions;

	private final StoreProperties properties;

	private volatile Disposable sweeping;

	ExpirySweeper(Redemptions redemptions, StoreProperties properties) {
		this.redemptions = redemptions;
		this.properties = properties;
	}

	@Override
	public void start() {
		Duration interval = properties.expirySweepInterval();
		sweeping = Flux.interval(interval, interval)
			.onBackpressureDrop()
			.concatMap(tick -> redemptions.expireDue(properties.expiryBatchSize()).onErrorResume(error -> {
				log.warn("Expiry sweep failed, will try again: {}", error.toString());
				return Mono.just(0L);
			}), 0)
			.filter(expired -> expired > 0)
			.subscribe(expired -> log.info("Cancelled {} expired reservations", expired));
	}

	@Override
	public void stop() {
		Disposable current = sweeping;
		if (current != null) {
			current.dispose();
		}
		sweeping = null;
	}

	@Override
	public boolean isRunning() {
		return sweeping != null && !sweeping.isDisposed();
	}

}
