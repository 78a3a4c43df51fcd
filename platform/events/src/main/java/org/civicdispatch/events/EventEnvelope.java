package org.civicdispatch.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the required attributes,
 * {@code subject} (the aggregate id, also the Kafka key) and the {@code data} record.
 * {@code id} is unique per event and is what consumers deduplicate on.
 */
public record EventEnvelope<T extends IntegrationEvent>(String specversion, String id, String source, String type,
		Instant time, String subject, String datacontenttype, T data) {

	public static final String SPEC_VERSION = "1.0";

	public static final String CONTENT_TYPE = "application/json";

	public EventEnvelope {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(data, "data");
	}

	/**
	 * A new event from {@code source} (for example {@code /order-service}) that happened
	 * now.
	 */
	public static <T extends IntegrationEvent> EventEnvelope<T> of(String source, T data) {
		return new EventEnvelope<>(SPEC_VERSION, UUID.randomUUID().toString(), source, EventTypes.typeOf(data),
				Instant.now(), data.aggregateId().toString(), CONTENT_TYPE, data);
	}

	public String topic() {
		return Topics.of(data);
	}

}
