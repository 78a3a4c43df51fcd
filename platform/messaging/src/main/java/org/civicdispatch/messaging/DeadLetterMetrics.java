package org.civicdispatch.messaging;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.civicdispatch.events.Topics;

/**
 * Counts the records this service sent to a dead-letter topic, by that topic:
 * {@code civic.kafka.dlt.records{topic="order.events.v1.DLT"}} (Prometheus
 * {@code civic_kafka_dlt_records_total}), from the inbox and from the listener
 * container's error handler alike. Every dead-letter topic starts at 0, so a rate over it
 * exists before the first one.
 */
public class DeadLetterMetrics implements MeterBinder, DeadLetters.Recorder {

	public static final String RECORDS = "civic.kafka.dlt.records";

	private volatile MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		for (String topic : List.of(Topics.ORDER_EVENTS, Topics.VOLUNTEER_EVENTS, Topics.POINTS_EVENTS)) {
			counter(registry, Topics.deadLetter(topic));
		}
	}

	@Override
	public void recorded(String deadLetterTopic) {
		MeterRegistry current = this.registry;
		if (current != null) {
			counter(current, deadLetterTopic).increment();
		}
	}

	private static Counter counter(MeterRegistry registry, String deadLetterTopic) {
		return Counter.builder(RECORDS)
			.description("Records sent to a dead-letter topic after the consumer gave up on them")
			.tag("topic", deadLetterTopic)
			.register(registry);
	}

}
