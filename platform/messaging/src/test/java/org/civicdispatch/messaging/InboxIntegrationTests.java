package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.messaging.widget.WidgetApplication;
import org.civicdispatch.messaging.widget.WidgetListener;
import org.civicdispatch.messaging.widget.Widgets;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A {@code @KafkaListener} returning {@link Inbox#consume}: once-only effects, retries,
 * dead letters, correlation.
 */
@SpringBootTest(classes = WidgetApplication.class)
@WithRealInfra
class InboxIntegrationTests {

	private static final String VOLUNTEER_DLT = Topics.deadLetter(Topics.VOLUNTEER_EVENTS);

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static EventProbe probe;

	@Autowired
	Widgets widgets;

	@Autowired
	WidgetListener listener;

	@Autowired
	DatabaseClient database;

	@Value("${civic.messaging.group-suffix}")
	String groupSuffix;

	@Autowired
	DeadLetterMetrics deadLetterMetrics;

	@BeforeAll
	static void watch() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS, VOLUNTEER_DLT, Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void stopWatching() {
		probe.close();
	}

	@Test
	void aRedeliveredEventIsAppliedOnce() {
		UUID user = UUID.randomUUID();
		EventEnvelope<UserRegistered> registered = EventEnvelope.of("/volunteer-service",
				new UserRegistered(user, "张三"));

		probe.publish(registered);
		probe.publish(registered);
		// same key, so same partition: once this one is applied, both copies before it
		// were handled
		UUID marker = publishMarkerAfter(user);

		assertThat(this.widgets.applied(user).block()).isEqualTo(1);
		assertThat(this.listener.attempts.get(user)).isEqualTo(1);
		assertThat(inboxConsumers(registered.id())).containsExactly(WidgetListener.GROUP + this.groupSuffix);
		assertThat(this.widgets.applied(marker).block()).isEqualTo(1);
	}

	@Test
	void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextEventIsStillConsumed() {
		UUID user = UUID.randomUUID();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.deadLetterMetrics.bindTo(registry);
		assertThat(registry.get(DeadLetterMetrics.RECORDS).tag("topic", VOLUNTEER_DLT).counter().count()).isZero();

		probe.publishRaw(Topics.VOLUNTEER_EVENTS, user.toString(), "{\"id\": \"not an event\"");
		UUID marker = publishMarkerAfter(user);

		ConsumerRecord<String, String> dead = deadLetterFor(user);
		assertThat(dead.value()).isEqualTo("{\"id\": \"not an event\"");
		assertThat(EventProbe.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(MalformedEventException.class.getName());
		assertThat(EventProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.VOLUNTEER_EVENTS);
		assertThat(EventProbe.header(dead, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
			.isEqualTo(WidgetListener.GROUP + this.groupSuffix);
		assertThat(this.widgets.applied(marker).block()).isEqualTo(1);
		// counted by its dead-letter topic; every dead-letter topic is there from the
		// start
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					registry.get(DeadLetterMetrics.RECORDS).tag("topic", VOLUNTEER_DLT).counter().count())
				.isEqualTo(1));
		assertThat(registry.get(DeadLetterMetrics.RECORDS)
			.tag("topic", Topics.deadLetter(Topics.ORDER_EVENTS))
			.counter()
			.count()).isZero();
	}

	@Test
	void anEffectThatAlwaysFailsIsTriedMaxAttemptsTimesThenDeadLetteredAndTheNextEventIsStillConsumed() {
		UUID user = UUID.randomUUID();
		EventEnvelope<UserRegistered> poison = EventEnvelope.of("/volunteer-service",
				new UserRegistered(user, "poison pill"));

		probe.publish(poison);
		UUID marker = publishMarkerAfter(user);

		ConsumerRecord<String, String> dead = deadLetterFor(user);
		assertThat(EventProbe.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(EventProbe.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo("cannot apply poison pill");
		assertThat(EventProbe.header(dead, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).contains("WidgetListener");
		assertThat(this.listener.attempts.get(user)).isEqualTo(3);
		// the failed attempts rolled back their inbox rows: a fixed consumer could still
		// apply it
		assertThat(inboxConsumers(poison.id())).isEmpty();
		assertThat(this.widgets.applied(marker).block()).isEqualTo(1);
	}

	@Test
	void anEffectThatThrowsInsteadOfReturningAFailedMonoIsHandledTheSameWay() {
		UUID user = UUID.randomUUID();

		probe.publish(EventEnvelope.of("/volunteer-service", new UserRegistered(user, "throw up")));
		UUID marker = publishMarkerAfter(user);

		assertThat(EventProbe.header(deadLetterFor(user), KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(IllegalArgumentException.class.getName());
		assertThat(this.listener.attempts.get(user)).isEqualTo(3);
		assertThat(this.widgets.applied(marker).block()).isEqualTo(1);
	}

	@Test
	void anEventOfAnUnknownTypeIsRecordedAndSkipped() {
		UUID user = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();

		probe.publishRaw(Topics.VOLUNTEER_EVENTS, user.toString(),
				"{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/volunteer-service\","
						+ "\"type\":\"VolunteerRetired\",\"subject\":\"" + user + "\",\"data\":{\"userId\":\"" + user
						+ "\"}}");
		publishMarkerAfter(user);

		assertThat(inboxConsumers(eventId)).containsExactly(WidgetListener.GROUP + this.groupSuffix);
		assertThat(probe.records(VOLUNTEER_DLT)).noneMatch(r -> user.toString().equals(r.key()));
	}

	@Test
	void theCorrelationIdReachesTheLogsOfTheEffectAndTheEventsItPublishes() {
		UUID user = UUID.randomUUID();

		probe.publish(EventEnvelope.of("/volunteer-service", new UserRegistered(user, "李四")),
				Map.of(Correlation.HEADER, "req-from-volunteer-service"));

		List<ConsumerRecord<String, String>> announced = probe.awaitRecords(Topics.ORDER_EVENTS,
				r -> user.toString().equals(r.key()), WAIT);
		assertThat(EventProbe.header(announced.get(0), Correlation.HEADER)).isEqualTo("req-from-volunteer-service");
		assertThat(probe.eventsFor(user.toString())).anyMatch(e -> e.data() instanceof OrderPlaced);
		assertThat(this.listener.requestIdInLog.get(user)).isEqualTo("req-from-volunteer-service");
	}

	/**
	 * Publishes a good event on the same key as {@code user} and waits until it was
	 * applied.
	 */
	private UUID publishMarkerAfter(UUID user) {
		UUID marker = UUID.randomUUID();
		// UserRegistered is keyed by its userId: publish it under the user's key to share
		// the partition
		EventEnvelope<UserRegistered> event = EventEnvelope.of("/volunteer-service",
				new UserRegistered(marker, "marker"));
		probe.publishRaw(Topics.VOLUNTEER_EVENTS, user.toString(), EventProbe.toJson(event));
		await().atMost(WAIT).until(() -> this.widgets.applied(marker).block() > 0);
		return marker;
	}

	private ConsumerRecord<String, String> deadLetterFor(UUID user) {
		List<ConsumerRecord<String, String>> dead = probe.awaitRecords(VOLUNTEER_DLT,
				r -> user.toString().equals(r.key()), WAIT);
		assertThat(dead).hasSize(1);
		return dead.get(0);
	}

	private List<String> inboxConsumers(String eventId) {
		return this.database.sql("SELECT consumer FROM inbox WHERE event_id = :id")
			.bind("id", eventId)
			.map(row -> row.get("consumer", String.class))
			.all()
			.collectList()
			.block();
	}

}
