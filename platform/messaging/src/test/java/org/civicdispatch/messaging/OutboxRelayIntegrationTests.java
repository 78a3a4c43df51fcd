package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.widget.WidgetApplication;
import org.civicdispatch.messaging.widget.Widgets;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.Infra;
import org.civicdispatch.testing.StoppableKafka;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Relays built by hand on the application's database (the auto-configured one is switched
 * off): two of them racing over one outbox, and one whose broker goes away for a while.
 */
@SpringBootTest(classes = WidgetApplication.class,
		properties = { "civic.messaging.relay.enabled=false", "widget.listening=false" })
@WithRealInfra
class OutboxRelayIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelayIntegrationTests.class);

	/** Watches the shared test broker (the outage test has a broker of its own). */
	private static EventProbe orders;

	@Autowired
	Widgets widgets;

	@Autowired
	DatabaseClient database;

	@Autowired
	ReactiveTransactionManager transactionManager;

	@Autowired
	ConnectionFactory connectionFactory;

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@BeforeAll
	static void watchOrders() {
		orders = EventProbe.on(Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void stopWatching() {
		orders.close();
	}

	@Test
	void twoRelaysOnOneDatabasePublishEveryRowExactlyOnceInOrderPerAggregate() {
		List<UUID> aggregates = IntStream.range(0, 30).mapToObj(i -> UUID.randomUUID()).toList();
		Set<String> ours = aggregates.stream().map(UUID::toString).collect(Collectors.toSet());
		MessagingProperties.Relay settings = relaySettings("batch-size=25");
		OutboxRelay first = relay(this.kafkaTemplate, settings);
		OutboxRelay second = relay(this.kafkaTemplate, settings);

		try {
			long begin = System.nanoTime();
			first.start();
			second.start();
			// 300 rows: 10 transactions per aggregate, committed concurrently while both
			// relays run
			Flux.range(0, 10)
				.concatMap(round -> Flux.fromIterable(aggregates)
					.flatMap(id -> this.widgets.announce(id, List.of("step " + round)), 8))
				.blockLast();

			await().atMost(Duration.ofSeconds(30)).until(() -> ours(orders, ours).size() >= 300);
			long millis = (System.nanoTime() - begin) / 1_000_000;
			// listen a little longer for duplicates
			await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

			List<EventEnvelope<OrderPlaced>> received = ours(orders, ours);
			Map<String, Long> copies = received.stream()
				.collect(Collectors.groupingBy(EventEnvelope::id, Collectors.counting()));
			assertThat(copies).hasSize(300).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
			assertThat(copies.keySet()).isEqualTo(Set.copyOf(outboxEventIds(ours)));
			Map<String, List<String>> stepsByAggregate = new HashMap<>();
			received.forEach(
					e -> stepsByAggregate.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e.data().title()));
			List<String> inOrder = IntStream.range(0, 10).mapToObj(i -> "step " + i).toList();
			assertThat(stepsByAggregate).hasSize(30).allSatisfy((id, steps) -> assertThat(steps).isEqualTo(inOrder));
			assertThat(unsent(ours)).isZero();
			log.info("Two relays published 300 rows written by 300 transactions in {} ms", millis);
		}
		finally {
			first.stop();
			second.stop();
		}
	}

	@Test
	void rowsWrittenWhileTheBrokerIsDownAreRetriedAndPublishedWhenItIsBack() throws Exception {
		MessagingProperties.Relay settings = relaySettings("poll-interval=500ms", "initial-backoff=200ms",
				"max-backoff=1s");
		try (StoppableKafka broker = Infra.startExtraKafkaBroker();
				EventProbe outageOrders = EventProbe.onBroker(broker.bootstrapServers(), Topics.ORDER_EVENTS)) {
			DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
							ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
							ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
							1500, ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200),
					new StringSerializer(), new StringSerializer());
			OutboxRelay relay = relay(new KafkaTemplate<>(producers), settings);
			relay.start();
			try {
				UUID before = UUID.randomUUID();
				this.widgets.create(before, "before the outage").block();
				outageOrders.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(before),
						Duration.ofSeconds(10));

				long stopping = System.nanoTime();
				broker.stop();
				long down = System.nanoTime();
				log.info("Broker stopped in {} ms", (down - stopping) / 1_000_000);
				UUID during = UUID.randomUUID();
				UUID alsoDuring = UUID.randomUUID();
				this.widgets.create(during, "during the outage").block();
				this.widgets.create(alsoDuring, "also during the outage").block();
				Set<String> keys = Set.of(during.toString(), alsoDuring.toString());
				await().atMost(Duration.ofSeconds(20)).until(() -> minAttempts(keys) >= 2);
				log.info("Two attempts per row after {} ms", (System.nanoTime() - down) / 1_000_000);
				assertThat(unsent(keys)).isEqualTo(2);
				assertThat(lastErrors(keys)).allSatisfy(error -> assertThat(error).isNotBlank());

				broker.start();
				long up = System.nanoTime();
				outageOrders.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(during),
						Duration.ofSeconds(30));
				outageOrders.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(alsoDuring),
						Duration.ofSeconds(30));
				await().atMost(Duration.ofSeconds(5)).until(() -> unsent(keys) == 0);
				log.info("Broker down for {} ms ({} attempts per row); rows published {} ms after it came back",
						(up - down) / 1_000_000, minAttempts(keys), (System.nanoTime() - up) / 1_000_000);
			}
			finally {
				relay.stop();
				producers.destroy();
			}
		}
	}

	@Test
	void aRowThatCannotBeSentHoldsBackLaterRowsOfItsAggregateOnly() {
		UUID stuck = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		String tooLarge = "x".repeat(4000);
		MessagingProperties.Relay settings = relaySettings("poll-interval=300ms", "initial-backoff=100ms",
				"max-backoff=300ms");
		Map<String, Object> config = new HashMap<>(
				this.kafkaTemplate.getProducerFactory().getConfigurationProperties());
		config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2048);
		DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new StringSerializer());
		OutboxRelay relay = relay(new KafkaTemplate<>(producers), settings);
		try {
			relay.start();
			this.widgets.announce(stuck, List.of(tooLarge, "second")).block();
			this.widgets.create(other, "unrelated").block();

			orders.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(other), Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> minAttempts(Set.of(stuck.toString())) == 0 && maxAttempts(stuck) >= 2);
			assertThat(orders.eventsFor(stuck.toString())).isEmpty();

			this.database.sql("UPDATE outbox SET payload = replace(payload, :large, 'first') WHERE message_key = :key")
				.bind("large", tooLarge)
				.bind("key", stuck.toString())
				.then()
				.block();

			await().atMost(Duration.ofSeconds(10)).until(() -> orders.eventsFor(stuck.toString()).size() == 2);
			assertThat(orders.eventsFor(stuck.toString())).extracting(e -> ((OrderPlaced) e.data()).title())
				.containsExactly("first", "second");
		}
		finally {
			relay.stop();
			producers.destroy();
		}
	}

	@Test
	void sentRowsAreKeptForTheRetentionPeriodThenPurged() {
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		UUID waiting = UUID.randomUUID();
		this.widgets.create(old, "sent long ago").block();
		this.widgets.create(recent, "sent yesterday").block();
		this.widgets.create(waiting, "never sent").block();
		this.database.sql("UPDATE outbox SET sent_at = now() - interval '8 days' WHERE message_key = :key")
			.bind("key", old.toString())
			.then()
			.block();
		this.database.sql("UPDATE outbox SET sent_at = now() - interval '1 day' WHERE message_key = :key")
			.bind("key", recent.toString())
			.then()
			.block();

		OutboxRelay relay = relay(this.kafkaTemplate, relaySettings());
		assertThat(relay.purge().block()).isEqualTo(1);

		Set<String> keys = Set.of(old.toString(), recent.toString(), waiting.toString());
		assertThat(outboxEventIds(keys)).hasSize(2);
		assertThat(unsent(keys)).isEqualTo(1);
	}

	@Test
	void theBacklogIsMeasured() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		OutboxMetrics metrics = new OutboxMetrics(this.database, Duration.ofHours(1));
		try {
			metrics.bindTo(registry);
			this.widgets.create(UUID.randomUUID(), "waiting for a relay").block();
			this.database.sql("UPDATE outbox SET created_at = now() - interval '1 hour' WHERE sent_at IS NULL")
				.then()
				.block();

			metrics.refresh().block();

			assertThat(registry.get(OutboxMetrics.BACKLOG).gauge().value()).isGreaterThanOrEqualTo(1);
			assertThat(registry.get(OutboxMetrics.OLDEST_AGE).gauge().value()).isGreaterThanOrEqualTo(3600);
		}
		finally {
			metrics.destroy();
		}
	}

	/**
	 * The relay's settings as {@code civic.messaging.relay.*} binds them: the defaults,
	 * but for those given.
	 */
	private static MessagingProperties.Relay relaySettings(String... properties) {
		Map<String, String> values = new HashMap<>();
		for (String property : properties) {
			String[] nameAndValue = property.split("=", 2);
			values.put("civic.messaging.relay." + nameAndValue[0], nameAndValue[1]);
		}
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("civic.messaging.relay",
				MessagingProperties.Relay.class);
	}

	private OutboxRelay relay(KafkaTemplate<String, String> kafka, MessagingProperties.Relay settings) {
		return new OutboxRelay(this.database, TransactionalOperator.create(this.transactionManager), kafka,
				MessagingAutoConfiguration.postgres(this.connectionFactory).orElseThrow(), settings);
	}

	private static List<EventEnvelope<OrderPlaced>> ours(EventProbe orders, Set<String> aggregates) {
		return orders.events(OrderPlaced.class).stream().filter(e -> aggregates.contains(e.subject())).toList();
	}

	private List<String> outboxEventIds(Set<String> keys) {
		return this.database.sql("SELECT event_id::text AS id FROM outbox WHERE message_key = ANY(:keys)")
			.bind("keys", keys.toArray(String[]::new))
			.map(row -> row.get("id", String.class))
			.all()
			.collectList()
			.block();
	}

	private long unsent(Set<String> keys) {
		return scalar("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND message_key = ANY(:keys)", keys,
				row -> row.longValue());
	}

	private long minAttempts(Set<String> keys) {
		return scalar("SELECT coalesce(min(attempts), 0) AS n FROM outbox WHERE message_key = ANY(:keys)", keys,
				Number::longValue);
	}

	private long maxAttempts(UUID key) {
		return scalar("SELECT coalesce(max(attempts), 0) AS n FROM outbox WHERE message_key = ANY(:keys)",
				Set.of(key.toString()), Number::longValue);
	}

	private List<String> lastErrors(Set<String> keys) {
		return this.database.sql("SELECT last_error FROM outbox WHERE message_key = ANY(:keys)")
			.bind("keys", keys.toArray(String[]::new))
			.map(row -> String.valueOf(row.get("last_error", String.class)))
			.all()
			.collectList()
			.block();
	}

	private long scalar(String sql, Set<String> keys, Function<Number, Long> convert) {
		return this.database.sql(sql)
			.bind("keys", keys.toArray(String[]::new))
			.map(row -> convert.apply(row.get("n", Number.class)))
			.one()
			.block();
	}

}
