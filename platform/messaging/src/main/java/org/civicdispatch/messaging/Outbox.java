package org.civicdispatch.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.IntegrationEvent;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Appends integration events to the {@code outbox} table. The insert runs on the
 * connection of the caller's reactive transaction, so the event commits or rolls back
 * together with the state change it announces: wrap both in one
 * {@code TransactionalOperator#transactional} (or a {@code @Transactional} Mono-returning
 * method). A {@code NOTIFY} in the same transaction wakes the relays when it commits.
 * <p>
 * Each row's {@code headers} keep the correlation id ({@code X-Request-Id}) and, with
 * tracing, the trace context of the code that appended it ({@code traceparent}), which
 * the relay continues.
 */
public class Outbox {

	/**
	 * The PostgreSQL channel relays LISTEN on; notifications are delivered when the
	 * transaction commits.
	 */
	public static final String CHANNEL = "civic_outbox";

	private static final JsonMapper HEADERS_JSON = JsonMapper.builder().build();

	private final DatabaseClient database;

	private final EventJson eventJson;

	private final String source;

	private final OutboxTracing tracing;

	public Outbox(DatabaseClient database, EventJson eventJson, String source) {
		this(database, eventJson, source, null);
	}

	/**
	 * @param tracing stores the current trace context with each row
	 * ({@code traceparent}); {@code null} when the service has no tracing
	 */
	public Outbox(DatabaseClient database, EventJson eventJson, String source, OutboxTracing tracing) {
		this.database = database;
		this.eventJson = eventJson;
		this.source = source;
		this.tracing = tracing;
	}

	/**
	 * Appends one event in the current transaction, with the correlation id and the trace
	 * context of the current Reactor context.
	 */
	public Mono<Void> append(IntegrationEvent event) {
		return appendAll(List.of(event));
	}

	/**
	 * Appends events in the given order (the order they are published in, per aggregate)
	 * in the current transaction: one statement for all of them and the {@code NOTIFY},
	 * so a change costs a single round trip to the database for its events.
	 */
	public Mono<Void> appendAll(List<? extends IntegrationEvent> events) {
		if (events.isEmpty()) {
			return Mono.empty();
		}
		return Mono.deferContextual(context -> Correlation.currentRequestId()
			.flatMap(requestId -> insert(events, requestId,
					(this.tracing != null) ? this.tracing.capture(context) : Map.of())));
	}

	/** The CloudEvents {@code source} this outbox stamps on events. */
	public String source() {
		return this.source;
	}

	private Mono<Void> insert(List<? extends IntegrationEvent> events, Optional<String> requestId,
			Map<String, String> traceHeaders) {
		Map<String, String> headers = new LinkedHashMap<>();
		requestId.ifPresent(id -> headers.put(Correlation.HEADER, id));
		headers.putAll(traceHeaders);
		Json headersJson = Json.of(HEADERS_JSON.writeValueAsString(headers));
		// rows keep the given order: ids come from the sequence in VALUES order
		StringBuilder sql = new StringBuilder(
				"WITH appended AS (INSERT INTO outbox (event_id, topic, message_key, type, payload, headers) VALUES ");
		for (int i = 0; i < events.size(); i++) {
			sql.append(i == 0 ? "" : ", ")
				.append("(:eventId")
				.append(i)
				.append(", :topic")
				.append(i)
				.append(", :key")
				.append(i)
				.append(", :type")
				.append(i)
				.append(", :payload")
				.append(i)
				.append(", :headers)");
		}
		sql.append(" RETURNING 1) SELECT pg_notify('" + CHANNEL + "', '') FROM (SELECT count(*) FROM appended) rows");
		DatabaseClient.GenericExecuteSpec spec = this.database.sql(sql.toString()).bind("headers", headersJson);
		for (int i = 0; i < events.size(); i++) {
			EventEnvelope<?> envelope = EventEnvelope.of(this.source, events.get(i));
			spec = spec.bind("eventId" + i, UUID.fromString(envelope.id()))
				.bind("topic" + i, envelope.topic())
				.bind("key" + i, envelope.subject())
				.bind("type" + i, envelope.type())
				.bind("payload" + i, this.eventJson.write(envelope));
		}
		return spec.then();
	}

}
