package org.civicdispatch.order.order;

import java.time.Clock;
import java.time.Duration;

import org.civicdispatch.order.Sweep;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Deletes Idempotency-Keys older than {@code civic.orders.idempotency-retention} (default one
 * day): long after any phone would retry, and the orders themselves stay.
 */
@Component
class IdempotencyKeySweep implements Sweep {

	private final IdempotencyKeys keys;

	private final Duration retention;

	private final Clock clock;

	IdempotencyKeySweep(IdempotencyKeys keys, @Value("${civic.orders.idempotency-retention:1d}") Duration retention,
			Clock clock) {
		this.keys = keys;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		return keys.forgetOlderThan(clock.instant().minus(retention)).then();
	}

}
