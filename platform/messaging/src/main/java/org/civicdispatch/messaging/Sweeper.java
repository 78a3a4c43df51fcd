package org.civicdispatch.messaging;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;

/**
 * Runs every {@link Sweep} bean of the service: those without an interval of their own
 * one after the other every {@code civic.sweep.interval} and whenever {@link #wake woken}
 * (order-service: a team freed capacity or changed); each other sweep on its own
 * interval. Ticks that arrive while a sweep is running collapse into one follow-up sweep.
 * Non-blocking: Reactor intervals, no scheduler threads held. Off with
 * {@code civic.sweep.enabled=false}.
 */
public class Sweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

	private final List<Sweep> sweeps;

	private final SweepProperties properties;

	private final Sinks.Many<Long> wakeUps = Sinks.many().multicast().directBestEffort();

	private volatile Disposable running;

	public Sweeper(List<Sweep> sweeps, SweepProperties properties) {
		this.sweeps = List.copyOf(sweeps);
		this.properties = properties;
	}

	/**
	 * Asks for a run of the sweeps without an interval of their own soon; returns at
	 * once.
	 */
	public void wake() {
		wakeUps.emitNext(0L, (signal, result) -> result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
	}

	/**
	 * One pass over {@code sweeps}, one after the other; each failure is logged and does
	 * not stop the others.
	 */
	private static Mono<Void> sweep(List<Sweep> sweeps) {
		return Flux.fromIterable(sweeps).concatMap(sweep -> sweep.run().onErrorResume(error -> {
			log.warn("Sweep {} failed; it runs again on the next tick", sweep.getClass().getSimpleName(), error);
			return Mono.empty();
		})).then();
	}

	@Override
	public void start() {
		if (!properties.enabled() || sweeps.isEmpty()) {
			return;
		}
		Disposable.Composite all = Disposables.composite();
		List<Sweep> shared = sweeps.stream().filter(sweep -> sweep.interval() == null).toList();
		if (!shared.isEmpty()) {
			all.add(loop(Flux.merge(Flux.interval(Duration.ZERO, properties.interval()), wakeUps.asFlux()), shared));
		}
		sweeps.stream()
			.filter(sweep -> sweep.interval() != null)
			.forEach(sweep -> all.add(loop(Flux.interval(Duration.ZERO, sweep.interval()), List.of(sweep))));
		running = all;
	}

	private static Disposable loop(Flux<Long> ticks, List<Sweep> sweeps) {
		return ticks.onBackpressureDrop().concatMap(tick -> sweep(sweeps), 1).subscribe();
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
