package org.civicdispatch.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings under {@code civic.messaging}. */
@ConfigurationProperties("civic.messaging")
public class MessagingProperties {

	/** CloudEvents {@code source} of events this service appends; defaults to {@code /${spring.application.name}}. */
	private String source;

	/**
	 * Appended by listeners to their consumer group ids ({@code groupId = "order-service${civic.messaging.group-suffix:}"});
	 * empty in production, unique per test class so test contexts never share a group.
	 */
	private String groupSuffix = "";

	private final Relay relay = new Relay();

	private final Consumer consumer = new Consumer();

	private final Topics topics = new Topics();

	public String getSource() {
		return this.source;
	}

	public void setSource(String source) {
		this.source = source;
	}

	public String getGroupSuffix() {
		return this.groupSuffix;
	}

	public void setGroupSuffix(String groupSuffix) {
		this.groupSuffix = groupSuffix;
	}

	public Relay getRelay() {
		return this.relay;
	}

	public Consumer getConsumer() {
		return this.consumer;
	}

	public Topics getTopics() {
		return this.topics;
	}

	/** Exponential backoff between attempts: initial × 2^(attempt-1), capped. */
	public static class Backoff {

		/** Delay before the first retry; doubles per attempt. */
		private Duration initialBackoff;

		/** Longest delay between two attempts. */
		private Duration maxBackoff;

		Backoff(Duration initialBackoff, Duration maxBackoff) {
			this.initialBackoff = initialBackoff;
			this.maxBackoff = maxBackoff;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/** The outbox relay. A row whose send failed waits initial-backoff (500ms) doubling up to max-backoff (30s). */
	public static class Relay extends Backoff {

		/** Whether this instance publishes the outbox to Kafka. */
		private boolean enabled = true;

		/** Safety-net poll; LISTEN/NOTIFY wakes the relay as soon as a transaction with outbox rows commits. */
		private Duration pollInterval = Duration.ofSeconds(2);

		/** Rows claimed per pass. */
		private int batchSize = 100;

		/** Whether to LISTEN for commit notifications (polling only when false). */
		private boolean listen = true;

		/** How long sent rows are kept (for audits and replays) before an hourly purge deletes them; 0 keeps them. */
		private Duration retention = Duration.ofDays(7);

		public Relay() {
			super(Duration.ofMillis(500), Duration.ofSeconds(30));
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public boolean isListen() {
			return this.listen;
		}

		public void setListen(boolean listen) {
			this.listen = listen;
		}

	}

	/** Consumers. A failed effect is retried after initial-backoff (200ms) doubling up to max-backoff (5s). */
	public static class Consumer extends Backoff {

		/** Attempts to apply one event (the first included) before it goes to the dead-letter topic. */
		private int maxAttempts = 3;

		public Consumer() {
			super(Duration.ofMillis(200), Duration.ofSeconds(5));
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

	}

	public static class Topics {

		/** Whether to declare the event topics and their dead-letter topics (created at start-up if missing). */
		private boolean create = true;

		/** Partitions of declared topics; the broker default when not set. */
		private Integer partitions;

		/** Replication factor of declared topics; the broker default when not set. */
		private Short replicas;

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public Integer getPartitions() {
			return this.partitions;
		}

		public void setPartitions(Integer partitions) {
			this.partitions = partitions;
		}

		public Short getReplicas() {
			return this.replicas;
		}

		public void setReplicas(Short replicas) {
			this.replicas = replicas;
		}

	}

}
