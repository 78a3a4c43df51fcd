package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.widget.WidgetApplication;
import org.civicdispatch.messaging.widget.Widgets;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The outbox with the auto-configured relay. The poll interval is a minute, so anything
 * that arrives sooner was woken by LISTEN/NOTIFY.
 */
@SpringBootTest(classes = WidgetApplication.class,
		properties = { "civic.messaging.relay.poll-interval=1m", "widget.listening=false" })
@WithRealInfra
class OutboxIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(OutboxIntegrationTests.class);

	private static EventProbe orders;

	@Autowired
	Widgets widgets;

	@Autowired
	DatabaseClient database;

	@BeforeAll
	static void watchOrders() {
		orders = EventProbe.on(Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void stopWatching() {
		orders.close();
	}

	@Test
	void committedChangeIsPublishedOnceKeyedByAggregateWithTheCorrelationId() {
		UUID id = UUID.randomUUID();

		this.widgets.create(id, "committed").contextWrite(Correlation.withRequestId("req-committed")).block();

		OrderPlaced placed = orders
			.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(id), Duration.ofSeconds(10))
			.data();
		assertThat(placed.title()).isEqualTo("committed");
		ConsumerRecord<String, String> record = recordOf(id);
		assertThat(record.key()).isEqualTo(id.toString());
		assertThat(EventProbe.header(record, Correlation.HEADER)).isEqualTo("req-committed");
		assertThat(EventProbe.header(record, "content-type")).startsWith("application/cloudevents+json");
		await().atMost(Duration.ofSeconds(5)).until(() -> sentAt(id) != null);
	}

	@Test
	void rolledBackChangePublishesNothing() {
		UUID id = UUID.randomUUID();

		assertThatThrownBy(() -> this.widgets.createAndFail(id, "rolled back").block())
			.hasMessageContaining("rolled back on purpose");

		orders.assertNoEvents(OrderPlaced.class, e -> e.data().orderId().equals(id), Duration.ofSeconds(2));
		long rows = this.database.sql("SELECT count(*) AS n FROM outbox WHERE message_key = :key")
			.bind("key", id.toString())
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
		assertThat(rows).isZero();
	}

	@Test
	void notifyWakesTheRelayWithinASecondThoughItPollsOnlyEveryMinute() {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UUID id = UUID.randomUUID();
			this.widgets.create(id, "notify " + i).block();
			long committed = System.currentTimeMillis();
			ConsumerRecord<String, String> record = orders
				.awaitRecords(Topics.ORDER_EVENTS, r -> id.toString().equals(r.key()), Duration.ofSeconds(1))
				.get(0);
			// the record's timestamp is when the relay handed it to the producer
			latencies.add(record.timestamp() - committed);
		}
		Collections.sort(latencies);
		log.info("Outbox commit -> Kafka latency over 20 events: median {} ms, max {} ms", latencies.get(10),
				latencies.get(19));
		assertThat(latencies.get(19)).isLessThan(1000);
	}

	@Test
	void theRelayListensAgainAfterItsConnectionWasKilled() {
		await().atMost(Duration.ofSeconds(10)).until(() -> listeners().size() == 1);
		List<Integer> before = listeners();

		this.database.sql("SELECT pg_terminate_backend(:pid)").bind("pid", before.get(0)).then().block();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			List<Integer> now = listeners();
			return now.size() == 1 && !now.equals(before);
		});

		UUID id = UUID.randomUUID();
		this.widgets.create(id, "after reconnect").block();
		orders.awaitRecords(Topics.ORDER_EVENTS, r -> id.toString().equals(r.key()), Duration.ofSeconds(1));
	}

	/** Server process ids of the connections that LISTEN for outbox commits. */
	private List<Integer> listeners() {
		return this.database
			.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "
					+ Outbox.CHANNEL + "'")
			.map(row -> row.get("pid", Integer.class))
			.all()
			.collectList()
			.block();
	}

	private ConsumerRecord<String, String> recordOf(UUID id) {
		return orders.records(Topics.ORDER_EVENTS)
			.stream()
			.filter(r -> id.toString().equals(r.key()))
			.findFirst()
			.orElseThrow();
	}

	private Object sentAt(UUID id) {
		return this.database.sql("SELECT sent_at FROM outbox WHERE message_key = :key")
			.bind("key", id.toString())
			.map(row -> java.util.Optional.ofNullable(row.get("sent_at")))
			.one()
			.block()
			.orElse(null);
	}

}
