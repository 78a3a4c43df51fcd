package org.civicdispatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.EventTypes;
import org.civicdispatch.events.IntegrationEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches Kafka topics the way a consumer service would, so a test can wait for the
 * events a service published, and can publish events as a producing service would.
 * <p>
 * It reads every partition of its topics from the beginning, in a background thread,
 * without a consumer group (so it never waits for a rebalance and never moves anyone's
 * offsets). Other test classes share the broker: always match on ids your test made.
 *
 * <pre>
 * try (EventProbe probe = EventProbe.on(Topics.ORDER_EVENTS)) {
 *     ... place an order ...
 *     var placed = probe.awaitOne(OrderPlaced.class, e -&gt; e.data().orderId().equals(id), Duration.ofSeconds(10));
 * }
 * </pre>
 */
public final class EventProbe implements AutoCloseable {

	/**
	 * How long {@link #awaitEvents} keeps listening after the first match, to catch
	 * duplicates.
	 */
	public static final Duration QUIET_PERIOD = Duration.ofMillis(750);

	private static final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final List<String> topics;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final KafkaConsumer<String, String> consumer;

	private final KafkaProducer<String, String> producer;

	private final Thread poller;

	private volatile boolean closed;

	private volatile RuntimeException pollFailure;

	private EventProbe(String bootstrapServers, List<String> topics) {
		this.topics = List.copyOf(topics);
		EventTopics.ensure(bootstrapServers, this.topics);
		Properties consumerConfig = new Properties();
		consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "event-probe-" + String.join("+", topics));
		this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : this.topics) {
			this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
		}
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);

		Properties producerConfig = new Properties();
		producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
		producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "0");
		this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());

		this.poller = new Thread(this::poll, "event-probe-" + String.join("+", topics));
		this.poller.setDaemon(true);
		this.poller.start();
	}

	/** A probe on these topics of the test broker ({@link Infra#kafka()}). */
	public static EventProbe on(String... topics) {
		return onBroker(Infra.kafka().bootstrapServers(), topics);
	}

	/** A probe on these topics of another broker, e.g. a {@link StoppableKafka}. */
	public static EventProbe onBroker(String bootstrapServers, String... topics) {
		if (topics.length == 0) {
			throw new IllegalArgumentException("Name at least one topic");
		}
		return new EventProbe(bootstrapServers, List.of(topics));
	}

	// ---- waiting for events

	/**
	 * Waits until at least one {@code type} event matches, then listens for
	 * {@link #QUIET_PERIOD} more and returns every match, in the order they arrived; so
	 * {@code hasSize(1)} on the result asserts "published exactly once". Fails the test
	 * if nothing matched within {@code timeout}.
	 */
	public <T extends IntegrationEvent> List<EventEnvelope<T>> awaitEvents(Class<T> type,
			Predicate<? super EventEnvelope<T>> match, Duration timeout) {
		awaitUntil(() -> !matching(type, match).isEmpty(), timeout,
				() -> "No " + type.getSimpleName() + " matched on " + this.topics);
		pause(QUIET_PERIOD);
		return matching(type, match);
	}

	/**
	 * Waits for the first matching {@code type} event and returns it at once (no quiet
	 * period).
	 */
	public <T extends IntegrationEvent> EventEnvelope<T> awaitFirst(Class<T> type,
			Predicate<? super EventEnvelope<T>> match, Duration timeout) {
		awaitUntil(() -> !matching(type, match).isEmpty(), timeout,
				() -> "No " + type.getSimpleName() + " matched on " + this.topics);
		return matching(type, match).get(0);
	}

	/**
	 * Waits for a matching {@code type} event and asserts that exactly one was published.
	 */
	public <T extends IntegrationEvent> EventEnvelope<T> awaitOne(Class<T> type,
			Predicate<? super EventEnvelope<T>> match, Duration timeout) {
		List<EventEnvelope<T>> matches = awaitEvents(type, match, timeout);
		if (matches.size() != 1) {
			throw new AssertionError(
					"Expected exactly one " + type.getSimpleName() + " but " + matches.size() + " matched: " + matches);
		}
		return matches.get(0);
	}

	/**
	 * Listens for {@code period} and fails the test if any matching {@code type} event
	 * shows up.
	 */
	public <T extends IntegrationEvent> void assertNoEvents(Class<T> type, Predicate<? super EventEnvelope<T>> match,
			Duration period) {
		long deadline = System.nanoTime() + period.toNanos();
		while (System.nanoTime() < deadline) {
			List<EventEnvelope<T>> matches = matching(type, match);
			if (!matches.isEmpty()) {
				throw new AssertionError("Expected no " + type.getSimpleName() + " but got " + matches);
			}
			pause(Duration.ofMillis(50));
		}
	}

	/** How many matching {@code type} events arrived so far. */
	public <T extends IntegrationEvent> long countOf(Class<T> type, Predicate<? super EventEnvelope<T>> match) {
		return matching(type, match).size();
	}

	/** Every {@code type} event that arrived so far. */
	public <T extends IntegrationEvent> List<EventEnvelope<T>> events(Class<T> type) {
		return matching(type, e -> true);
	}

	/** Every event that arrived so far and could be read. */
	public List<EventEnvelope<IntegrationEvent>> events() {
		checkPoller();
		return this.received.stream().map(Received::envelope).flatMap(Optional::stream).toList();
	}

	/**
	 * Every event about this aggregate (CloudEvents {@code subject}) that arrived so far.
	 */
	public List<EventEnvelope<IntegrationEvent>> eventsFor(String subject) {
		return events().stream().filter(e -> subject.equals(e.subject())).toList();
	}

	// ---- raw records (keys, headers, dead letters, unreadable values)

	/**
	 * Every record that arrived so far on any of the probe's topics, as Kafka delivered
	 * it.
	 */
	public List<ConsumerRecord<String, String>> records() {
		checkPoller();
		return this.received.stream().map(Received::record).toList();
	}

	/** Every record that arrived so far on {@code topic}. */
	public List<ConsumerRecord<String, String>> records(String topic) {
		return records().stream().filter(r -> r.topic().equals(topic)).toList();
	}

	/** Waits until a record on {@code topic} matches, then returns all matches so far. */
	public List<ConsumerRecord<String, String>> awaitRecords(String topic,
			Predicate<? super ConsumerRecord<String, String>> match, Duration timeout) {
		awaitUntil(() -> records(topic).stream().anyMatch(match), timeout,
				() -> "No record matched on " + topic + "; saw " + records(topic).size() + " records");
		return records(topic).stream().filter(match).collect(Collectors.toList());
	}

	/**
	 * The last value of header {@code name} as UTF-8, or {@code null} when the record has
	 * none.
	 */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header == null || header.value() == null) ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	// ---- publishing as a producing service would

	/**
	 * Publishes the envelope as JSON to its topic, keyed by its subject, and waits for
	 * the ack.
	 */
	public RecordMetadata publish(EventEnvelope<?> envelope) {
		return publish(envelope, Map.of());
	}

	/**
	 * Like {@link #publish(EventEnvelope)}, with these headers (e.g.
	 * {@code X-Request-Id}).
	 */
	public RecordMetadata publish(EventEnvelope<?> envelope, Map<String, String> headers) {
		return publishRaw(envelope.topic(), envelope.subject(), toJson(envelope), headers);
	}

	/**
	 * Publishes any value, readable or not (e.g. to test dead-lettering), and waits for
	 * the ack.
	 */
	public RecordMetadata publishRaw(String topic, String key, String value) {
		return publishRaw(topic, key, value, Map.of());
	}

	public RecordMetadata publishRaw(String topic, String key, String value, Map<String, String> headers) {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
		headers
			.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
		try {
			return this.producer.send(record).get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not publish to " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The JSON a producing service puts on the wire for this envelope. */
	public static String toJson(EventEnvelope<?> envelope) {
		return json.writeValueAsString(envelope);
	}

	/**
	 * Reads an envelope the way consumers do, or empty when the type is unknown or the
	 * JSON is bad.
	 */
	public static Optional<EventEnvelope<IntegrationEvent>> fromJson(String value) {
		if (value == null) {
			return Optional.empty();
		}
		try {
			JsonNode tree = json.readTree(value);
			Optional<Class<? extends IntegrationEvent>> dataClass = EventTypes.classOf(text(tree, "type"));
			if (dataClass.isEmpty() || tree.get("data") == null) {
				return Optional.empty();
			}
			IntegrationEvent data = json.treeToValue(tree.get("data"), dataClass.get());
			String time = text(tree, "time");
			return Optional.of(new EventEnvelope<>(text(tree, "specversion"), text(tree, "id"), text(tree, "source"),
					text(tree, "type"), (time == null) ? null : Instant.parse(time), text(tree, "subject"),
					text(tree, "datacontenttype"), data));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.consumer.wakeup();
		try {
			this.poller.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.close(Duration.ofSeconds(5));
	}

	private void poll() {
		try {
			while (!this.closed) {
				for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(100))) {
					this.received.add(new Received(record, fromJson(record.value())));
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException ex) {
			if (!this.closed) {
				this.pollFailure = ex;
			}
		}
		finally {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	@SuppressWarnings("unchecked")
	private <T extends IntegrationEvent> List<EventEnvelope<T>> matching(Class<T> type,
			Predicate<? super EventEnvelope<T>> match) {
		return events().stream()
			.filter(e -> type.isInstance(e.data()))
			.map(e -> (EventEnvelope<T>) (EventEnvelope<?>) e)
			.filter(match)
			.toList();
	}

	private void awaitUntil(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(failure.get() + " within " + timeout + "; events seen: " + summary());
			}
			pause(Duration.ofMillis(50));
		}
	}

	private String summary() {
		List<String> lines = records().stream()
			.map(r -> r.topic() + "/" + r.key() + ": "
					+ fromJson(r.value()).map(e -> e.type() + " " + e.subject()).orElse("<unreadable>"))
			.toList();
		return (lines.size() > 30)
				? lines.subList(lines.size() - 30, lines.size()) + " (last 30 of " + lines.size() + ")"
				: lines.toString();
	}

	private void checkPoller() {
		RuntimeException failure = this.pollFailure;
		if (failure != null) {
			throw new IllegalStateException("The probe's consumer failed", failure);
		}
	}

	private static String text(JsonNode tree, String field) {
		JsonNode node = tree.get(field);
		return (node == null || node.isNull()) ? null : node.asString();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Received(ConsumerRecord<String, String> record, Optional<EventEnvelope<IntegrationEvent>> envelope) {
	}

}
