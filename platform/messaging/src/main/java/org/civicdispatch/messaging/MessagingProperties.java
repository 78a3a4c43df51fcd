package org.civicdispatch.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code civic.messaging}.
 *
 * @param source CloudEvents {@code source} of events this service appends; defaults to
 * {@code /${spring.application.name}}
 * @param groupSuffix appended by listeners to their consumer group ids ({@code groupId =
 * "order-service${civic.messaging.group-suffix:}"}); empty in production, unique per test
 * class so test contexts never share a group
 * @param relay the outbox relay
 * @param consumer the consumers
 * @param topics the event topics this service declares
 */
@ConfigurationProperties("civic.messaging")
public record MessagingProperties(String source, @DefaultValue("") String groupSuffix, @DefaultValue Relay relay,
		@DefaultValue Consumer consumer, @DefaultValue Topics topics) {

	/**
	 * The outbox relay. A row whose send failed waits {@code initial-backoff} (500ms)
	 * doubling up to {@code max-backoff} (30s).
	 *
	 * @param enabled whether this instance publishes the outbox to Kafka
	 * @param pollInterval safety-net poll; LISTEN/NOTIFY wakes the relay as soon as a
	 * transaction with outbox rows commits
	 * @param batchSize rows claimed per pass
	 * @param listen whether to LISTEN for commit notifications (polling only when false)
	 * @param retention how long sent rows are kept (for audits and replays) before an
	 * hourly purge deletes them; 0 keeps them
	 * @param initialBackoff delay before the first retry of a row whose send failed;
	 * doubles per attempt
	 * @param maxBackoff longest delay between two attempts
	 */
	public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration pollInterval,
			@DefaultValue("100") int batchSize, @DefaultValue("true") boolean listen,
			@DefaultValue("7d") Duration retention, @DefaultValue("500ms") Duration initialBackoff,
			@DefaultValue("30s") Duration maxBackoff) {
	}

	/**
	 * Consumers. A failed effect is retried after {@code initial-backoff} (200ms)
	 * doubling up to {@code max-backoff} (5s).
	 *
	 * @param maxAttempts attempts to apply one event (the first included) before it goes
	 * to the dead-letter topic
	 * @param initialBackoff delay before the first retry; doubles per attempt
	 * @param maxBackoff longest delay between two attempts
	 */
	public record Consumer(@DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("5s") Duration maxBackoff) {
	}

	/**
	 * @param create whether to declare the event topics and their dead-letter topics
	 * (created at start-up if missing)
	 * @param partitions partitions of declared topics; the broker default when not set
	 * @param replicas replication factor of declared topics; the broker default when not
	 * set
	 */
	public record Topics(@DefaultValue("true") boolean create, Integer partitions, Short replicas) {
	}

}
