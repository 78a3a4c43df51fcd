package org.civicdispatch.order;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link Sweep} one after the other, on a fixed interval and whenever something is
 * woken up (a team freed capacity or changed). Ticks that arrive while a sweep is running collapse
 * into one follow-up sweep. Non-blocking: a Reactor interval, no scheduler threads held.
 */
@Component
public class Sweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

	private final List<Sweep> sweeps;

	private final SweepProperties properties;

	private final Sinks.Many<Long> wakeUps = Sinks.many().multicast().directBestEffort();

	private volatile Disposable running;

	public Sweeper(List<Sweep> sweeps, SweepProperties properties) {
		this.sweeps = sweeps;
		this.properties = properties;
	}

	/** Asks for a sweep soon; returns at once. */
	public void wake() {
		wakeUps.emitNext(0L, (signal, result) -> result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
	}

	/** One pass over every sweep; each failure is logged and does not stop the others. */
	public Mono<Void> sweepOnce() {
		return Flux.fromIterable(sweeps)
			.concatMap(sweep -> sweep.run()
				.onErrorResume(error -> {
					log.warn("Sweep {} failed; it runs again on the next tick", sweep.getClass().getSimpleName(), error);
					return Mono.empty();
				}))
			.then();
	}

	@Override
	public void start() {
		if (!properties.enabled()) {
			return;
		}
		running = Flux.merge(Flux.interval(Duration.ZERO, properties.interval()), wakeUps.asFlux())
			.onBackpressureDrop()
			.concatMap(tick -> sweepOnce(), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = running;
		if (current != null) {
			current.dispose();
		}
		running = null;
	}

	@Override
	public boolean isRunning() {
		return running != null;
	}

}
