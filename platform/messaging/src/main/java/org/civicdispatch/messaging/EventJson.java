package org.civicdispatch.messaging;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.EventTypes;
import org.civicdispatch.events.IntegrationEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of integration events: a CloudEvents 1.0 envelope in structured JSON
 * mode. Reading looks the {@code data} record up by the envelope's {@code type} and
 * ignores fields it does not know, so a producer may add fields without breaking
 * consumers.
 */
public class EventJson {

	private final JsonMapper mapper;

	public EventJson() {
		this(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
	}

	public EventJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	public String write(EventEnvelope<?> envelope) {
		return this.mapper.writeValueAsString(envelope);
	}

	/**
	 * Reads an envelope written by {@link #write}.
	 * @throws UnknownEventTypeException when the JSON is a valid envelope of a type this
	 * build does not know (a newer producer): consumers skip it
	 * @throws MalformedEventException when the JSON is not an event envelope at all
	 */
	public EventEnvelope<IntegrationEvent> read(String json) {
		if (json == null || json.isBlank()) {
			throw new MalformedEventException("Empty event payload", null);
		}
		try {
			JsonNode tree = this.mapper.readTree(json);
			if (tree == null || !tree.isObject()) {
				throw new MalformedEventException("Event payload is not a JSON object", null);
			}
			String id = text(tree, "id");
			String type = text(tree, "type");
			if (id == null || type == null) {
				throw new MalformedEventException("Event has no id or no type", null);
			}
			Class<? extends IntegrationEvent> dataClass = EventTypes.classOf(type)
				.orElseThrow(() -> new UnknownEventTypeException(id, type));
			JsonNode data = tree.get("data");
			if (data == null || !data.isObject()) {
				throw new MalformedEventException("Event " + id + " has no data", null);
			}
			String time = text(tree, "time");
			return new EventEnvelope<>(text(tree, "specversion"), id, text(tree, "source"), type,
					(time != null) ? Instant.parse(time) : null, text(tree, "subject"), text(tree, "datacontenttype"),
					this.mapper.treeToValue(data, dataClass));
		}
		catch (JacksonException | DateTimeParseException | NullPointerException ex) {
			throw new MalformedEventException("Unreadable event: " + ex.getMessage(), ex);
		}
	}

	private static String text(JsonNode tree, String field) {
		JsonNode node = tree.get(field);
		return (node == null || node.isNull()) ? null : node.asString();
	}

}
