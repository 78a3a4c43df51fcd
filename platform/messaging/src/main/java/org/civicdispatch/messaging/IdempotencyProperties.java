package org.civicdispatch.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.idempotency.*}: a service that keeps Idempotency-Keys (it has the
 * {@code idempotency_key} table) turns on {@link IdempotencyKeys} with {@code enabled};
 * keys are forgotten after {@code retention}.
 */
@ConfigurationProperties("civic.idempotency")
public record IdempotencyProperties(@DefaultValue("false") boolean enabled, @DefaultValue("1d") Duration retention) {
}
