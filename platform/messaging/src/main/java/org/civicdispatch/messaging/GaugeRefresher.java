package org.civicdispatch.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the figures behind some gauges now and then every {@code interval}, one read at a
 * time, so that a scrape reads numbers already in memory and never queries the database
 * itself. A failed read is logged at debug level and the gauges keep their last values
 * until the next one.
 */
public final class GaugeRefresher {

	private static final Logger log = LoggerFactory.getLogger(GaugeRefresher.class);

	private GaugeRefresher() {
	}

	/** Starts refreshing; dispose the answer to stop. */
	public static Disposable every(Duration interval, String what, Supplier<Mono<?>> refresh) {
		return Flux.interval(Duration.ZERO, interval)
			.onBackpressureDrop()
			.concatMap(tick -> Mono.defer(refresh).then().onErrorResume(error -> {
				log.debug("Could not read {}: {}", what, error.toString());
				return Mono.empty();
			}))
			.subscribe();
	}

}
