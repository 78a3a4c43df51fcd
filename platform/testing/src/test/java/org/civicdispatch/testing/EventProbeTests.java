package org.civicdispatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderCancelled;
import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.events.Topics;
import org.junit.jupiter.api.Test;

class EventProbeTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void anEventPublishedIsSeenOnceWithItsKeyAndAttributes() {
		UUID orderId = UUID.randomUUID();
		EventEnvelope<OrderPlaced> sent = EventEnvelope.of("/order-service",
				new OrderPlaced(orderId, UUID.randomUUID(), "ELDERLY", UUID.randomUUID(), "帮老人买菜", Instant.now()));

		try (EventProbe probe = EventProbe.on(Topics.ORDER_EVENTS)) {
			probe.publish(sent, Map.of("X-Request-Id", "req-1"));

			EventEnvelope<OrderPlaced> seen = probe.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(orderId),
					WAIT);

			assertThat(seen.id()).isEqualTo(sent.id());
			assertThat(seen.subject()).isEqualTo(orderId.toString());
			assertThat(seen.data().title()).isEqualTo("帮老人买菜");
			assertThat(probe.eventsFor(orderId.toString())).hasSize(1);
			assertThat(probe.awaitFirst(OrderPlaced.class, e -> e.subject().equals(orderId.toString()), WAIT).id())
				.isEqualTo(sent.id());
			ConsumerRecord<String, String> record = probe
				.awaitRecords(Topics.ORDER_EVENTS, r -> orderId.toString().equals(r.key()), WAIT)
				.get(0);
			assertThat(EventProbe.header(record, "X-Request-Id")).isEqualTo("req-1");
		}
	}

	@Test
	void aDuplicateIsCountedAndUnreadableRecordsAreKept() {
		UUID orderId = UUID.randomUUID();
		EventEnvelope<OrderCancelled> sent = EventEnvelope.of("/order-service",
				new OrderCancelled(orderId, null, UUID.randomUUID(), "不需要了"));
		String deadLetters = Topics.deadLetter(Topics.ORDER_EVENTS);

		try (EventProbe probe = EventProbe.on(Topics.ORDER_EVENTS, deadLetters)) {
			probe.publish(sent);
			probe.publish(sent);
			probe.publishRaw(deadLetters, orderId.toString(), "not json",
					Map.of("kafka_dlt-exception-message", "boom"));

			List<EventEnvelope<OrderCancelled>> seen = probe.awaitEvents(OrderCancelled.class,
					e -> e.data().orderId().equals(orderId), WAIT);

			assertThat(seen).hasSize(2).allSatisfy(e -> assertThat(e.id()).isEqualTo(sent.id()));
			assertThat(probe.countOf(OrderCancelled.class, e -> e.data().orderId().equals(orderId))).isEqualTo(2);
			assertThatThrownBy(
					() -> probe.awaitOne(OrderCancelled.class, e -> e.data().orderId().equals(orderId), WAIT))
				.isInstanceOf(AssertionError.class);
			ConsumerRecord<String, String> dead = probe
				.awaitRecords(deadLetters, r -> orderId.toString().equals(r.key()), WAIT)
				.get(0);
			assertThat(dead.value()).isEqualTo("not json");
			assertThat(EventProbe.header(dead, "kafka_dlt-exception-message")).isEqualTo("boom");
		}
	}

	@Test
	void waitingForAnEventThatNeverComesFails() {
		try (EventProbe probe = EventProbe.on(Topics.POINTS_EVENTS)) {
			assertThatThrownBy(() -> probe.awaitEvents(OrderPlaced.class, e -> true, Duration.ofMillis(300)))
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining("No OrderPlaced matched");
		}
	}

}
