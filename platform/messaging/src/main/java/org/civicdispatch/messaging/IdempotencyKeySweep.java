package org.civicdispatch.messaging;

import java.time.Clock;

import reactor.core.publisher.Mono;

/**
 * Deletes Idempotency-Keys older than {@code civic.idempotency.retention} (default one
 * day): long after any phone would retry, and what they created stays.
 */
class IdempotencyKeySweep implements Sweep {

	private final IdempotencyKeys keys;

	private final IdempotencyProperties properties;

	private final Clock clock;

	IdempotencyKeySweep(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		return keys.forgetOlderThan(clock.instant().minus(properties.retention())).then();
	}

}
