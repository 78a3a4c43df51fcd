package org.civicdispatch.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.sweep.*}: whether this instance runs the {@link Sweep}s, how often those
 * without an interval of their own run, and how many rows one sweep handles.
 */
@ConfigurationProperties("civic.sweep")
public record SweepProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
		@DefaultValue("100") int batchSize) {
}
