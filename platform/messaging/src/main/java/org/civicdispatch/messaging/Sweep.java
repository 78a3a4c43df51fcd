package org.civicdispatch.messaging;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Work the {@link Sweeper} runs again and again: find rows a timer has caught up with (a
 * deadline passed, a retention ran out) and act on them. Several instances sweep the same
 * database, so each sweep claims its rows with {@code FOR UPDATE SKIP LOCKED} or does
 * work that is harmless twice. A service declares a sweep as a bean; nothing else.
 */
public interface Sweep {

	Mono<Void> run();

	/**
	 * How often this sweep runs. {@code null} (the default): on every tick of
	 * {@code civic.sweep.interval} and whenever the sweeper is woken, one after the other
	 * with the other sweeps that have no interval of their own.
	 */
	default Duration interval() {
		return null;
	}

}
