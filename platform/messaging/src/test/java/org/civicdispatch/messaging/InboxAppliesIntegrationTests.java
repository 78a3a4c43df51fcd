package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.messaging.widget.SelectiveListener;
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
 * A listener that names the event types it applies
 * ({@link Inbox#consume(ConsumerRecord, java.util.Set, java.util.function.Function)}):
 * other events cost it no transaction and no inbox row, while the widget listener on the
 * same topic still records and applies everything.
 */
@SpringBootTest(classes = WidgetApplication.class, properties = "widget.selective=true")
@WithRealInfra
class InboxAppliesIntegrationTests {

	private static final String VOLUNTEER_DLT = Topics.deadLetter(Topics.VOLUNTEER_EVENTS);

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static EventProbe probe;

	@Autowired
	Widgets widgets;

	@Autowired
	SelectiveListener selective;

	@Autowired
	DatabaseClient database;

	@Value("${civic.messaging.group-suffix}")
	String groupSuffix;

	@BeforeAll
	static void watch() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS, VOLUNTEER_DLT);
	}

	@AfterAll
	static void stopWatching() {
		probe.close();
	}

	@Test
	void anEventOfAnUnlistedTypeWritesNoInboxRowAndRunsNoEffectWhileAListedOneIsAppliedOnce() {
		UUID key = UUID.randomUUID();
		EventEnvelope<UserRegistered> unlisted = EventEnvelope.of("/volunteer-service",
				new UserRegistered(UUID.randomUUID(), "王五"));
		EventEnvelope<OrgUnitCreated> listed = EventEnvelope.of("/volunteer-service", unit("东城服务站"));

		// one key, one partition: the selective listener sees them in this order, the
		// listed one twice
		probe.publishRaw(Topics.VOLUNTEER_EVENTS, key.toString(), EventProbe.toJson(unlisted));
		probe.publishRaw(Topics.VOLUNTEER_EVENTS, key.toString(), EventProbe.toJson(listed));
		probe.publishRaw(Topics.VOLUNTEER_EVENTS, key.toString(), EventProbe.toJson(listed));
		UUID marker = publishMarkerAfter(key);

		UUID unitId = listed.data().orgUnitId();
		assertThat(this.widgets.applied(unitId).block()).isEqualTo(1);
		assertThat(this.selective.effects.get(unitId.toString())).isEqualTo(1);
		assertThat(inboxRows(listed.id(), selectiveGroup())).isEqualTo(1);
		assertThat(this.selective.effects).doesNotContainKey(unlisted.data().userId().toString());
		assertThat(inboxRows(unlisted.id(), selectiveGroup())).isZero();
		// the widget listener, which names no types, still records the event and applies
		// it
		await().atMost(WAIT).until(() -> this.widgets.applied(unlisted.data().userId()).block() > 0);
		assertThat(inboxRows(unlisted.id(), WidgetListener.GROUP + this.groupSuffix)).isEqualTo(1);
		assertThat(this.selective.effects.get(marker.toString())).isEqualTo(1);
	}

	@Test
	void anEventOfAnUnknownTypeIsSkippedWithoutAnInboxRow() {
		UUID key = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();

		probe.publishRaw(Topics.VOLUNTEER_EVENTS, key.toString(),
				"{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/volunteer-service\","
						+ "\"type\":\"VolunteerRetired\",\"subject\":\"" + key + "\",\"data\":{\"userId\":\"" + key
						+ "\"}}");
		publishMarkerAfter(key);

		assertThat(inboxRows(eventId, selectiveGroup())).isZero();
		assertThat(probe.records(VOLUNTEER_DLT)).noneMatch(r -> key.toString().equals(r.key())
				&& selectiveGroup().equals(EventProbe.header(r, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)));
	}

	@Test
	void aMalformedRecordStillGoesToTheDeadLetterTopic() {
		UUID key = UUID.randomUUID();

		probe.publishRaw(Topics.VOLUNTEER_EVENTS, key.toString(), "{\"id\": \"not an event\"");
		publishMarkerAfter(key);

		List<ConsumerRecord<String, String>> dead = probe.awaitRecords(VOLUNTEER_DLT,
				r -> key.toString().equals(r.key())
						&& selectiveGroup().equals(EventProbe.header(r, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)),
				WAIT);
		assertThat(dead).hasSize(1);
		assertThat(dead.get(0).value()).isEqualTo("{\"id\": \"not an event\"");
		assertThat(EventProbe.header(dead.get(0), KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(MalformedEventException.class.getName());
	}

	/**
	 * Publishes a listed event on {@code key} and waits until the selective listener
	 * applied it.
	 */
	private UUID publishMarkerAfter(UUID key) {
		EventEnvelope<OrgUnitCreated> marker = EventEnvelope.of("/volunteer-service", unit("marker"));
		probe.publishRaw(Topics.VOLUNTEER_EVENTS, key.toString(), EventProbe.toJson(marker));
		UUID id = marker.data().orgUnitId();
		await().atMost(WAIT).until(() -> this.widgets.applied(id).block() > 0);
		return id;
	}

	private static OrgUnitCreated unit(String name) {
		return new OrgUnitCreated(UUID.randomUUID(), name, "STATION", null, List.of());
	}

	private String selectiveGroup() {
		return SelectiveListener.GROUP + this.groupSuffix;
	}

	private long inboxRows(String eventId, String consumer) {
		return this.database.sql("SELECT count(*) AS n FROM inbox WHERE event_id = :id AND consumer = :consumer")
			.bind("id", eventId)
			.bind("consumer", consumer)
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
	}

}
