package org.civicdispatch.order.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.dispatch.*}: how long a dispatched team has to accept, and how many ranked
 * candidates the dispatcher tries before it leaves an order unassigned.
 */
@ConfigurationProperties("civic.dispatch")
record DispatchProperties(@DefaultValue("30m") Duration acceptTimeout, @DefaultValue("20") int candidateLimit) {
}
