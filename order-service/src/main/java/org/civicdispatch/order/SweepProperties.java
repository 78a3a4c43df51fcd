package org.civicdispatch.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.sweep.*}: how often the timers are checked (accept deadlines, waiting orders,
 * overdue orders, the resident's evaluation window) and how many orders one sweep handles.
 */
@ConfigurationProperties("civic.sweep")
public record SweepProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
		@DefaultValue("100") int batchSize) {
}
