package org.civicdispatch.order;

import reactor.core.publisher.Mono;

/**
 * Work the {@link Sweeper} runs on every tick: find orders a timer has caught up with and move
 * them on. Each order is changed in its own transaction under {@code FOR UPDATE SKIP LOCKED}, so
 * two instances sweeping at once never act on the same order twice.
 */
public interface Sweep {

	Mono<Void> run();

}
