package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * One trace across the outbox and Kafka, with the services' tracing (Micrometer Tracing
 * over OpenTelemetry) and the spans kept in memory: an event appended while a request is
 * traced is stored with that request's {@code traceparent}, published by the relay in a
 * span continuing it, handled by the listener in a span continuing the record's
 * {@code traceparent}, and the event the listener's effect appends continues the same
 * trace again.
 */
@SpringBootTest(classes = WidgetApplication.class,
		properties = { "management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=100ms" })
@Import(TracingIntegrationTests.Spans.class)
@WithRealInfra
class TracingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static EventProbe probe;

	@Autowired
	Outbox outbox;

	@Autowired
	Widgets widgets;

	@Autowired
	WidgetListener listener;

	@Autowired
	TransactionalOperator transactions;

	@Autowired
	DatabaseClient database;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	Spans spans;

	@BeforeAll
	static void watch() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS, Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void stopWatching() {
		probe.close();
	}

	@Test
	void aTraceGoesFromTheRequestThroughTheOutboxAndKafkaIntoTheListenersEffectAndTheEventItAppends() {
		UUID user = UUID.randomUUID();
		Observation request = Observation.start("test.request", this.observations);
		TracingObservationHandler.TracingContext tracing = request.getContext()
			.get(TracingObservationHandler.TracingContext.class);
		Span requestSpan = tracing.getSpan();
		String traceId = requestSpan.context().traceId();
		// as a WebFlux request does: the observation travels in the Reactor context
		this.transactions.transactional(this.outbox.append(new UserRegistered(user, "王五")))
			.contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, request))
			.block();
		request.stop();
		// work the request set off that goes on after its answer (order-service's
		// dispatch) still belongs to it
		UUID later = UUID.randomUUID();
		this.transactions.transactional(this.outbox.append(new UserRegistered(later, "赵六")))
			.contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, request))
			.block();

		// the rows keep the request's trace context
		String traceparent = "00-" + traceId + "-" + requestSpan.context().spanId() + "-01";
		assertThat(storedHeaders(user, "UserRegistered")).contains(traceparent);
		assertThat(storedHeaders(later, "UserRegistered")).contains(traceparent);

		// published in a span of the relay that continues it; the producer span is that
		// span's child
		SpanData published = this.spans.await(s -> isRelaySpan(s, "UserRegistered", user));
		assertThat(published.getTraceId()).isEqualTo(traceId);
		assertThat(published.getParentSpanId()).isEqualTo(requestSpan.context().spanId());
		SpanData sent = this.spans
			.await(s -> s.getKind() == SpanKind.PRODUCER && s.getParentSpanId().equals(published.getSpanId()));
		assertThat(sent.getTraceId()).isEqualTo(traceId);

		// the record carries the producer span's traceparent, and the listener's span
		// continues it
		ConsumerRecord<String, String> record = probe
			.awaitRecords(Topics.VOLUNTEER_EVENTS, r -> user.toString().equals(r.key()), WAIT)
			.get(0);
		assertThat(EventProbe.header(record, "traceparent")).startsWith("00-" + traceId + "-" + sent.getSpanId());
		SpanData handled = this.spans
			.await(s -> s.getKind() == SpanKind.CONSUMER && s.getParentSpanId().equals(sent.getSpanId()));
		assertThat(handled.getTraceId()).isEqualTo(traceId);

		// the effect logged with the trace id, and the event it appended continues the
		// listener's span
		await().atMost(WAIT).until(() -> this.listener.traceIdInLog.containsKey(user));
		assertThat(this.listener.traceIdInLog.get(user)).isEqualTo(traceId);
		SpanData republished = this.spans.await(s -> isRelaySpan(s, "OrderPlaced", user));
		assertThat(republished.getTraceId()).isEqualTo(traceId);
		assertThat(republished.getParentSpanId()).isEqualTo(handled.getSpanId());
		ConsumerRecord<String, String> announced = probe
			.awaitRecords(Topics.ORDER_EVENTS, r -> user.toString().equals(r.key()), WAIT)
			.get(0);
		assertThat(EventProbe.header(announced, "traceparent")).startsWith("00-" + traceId + "-");
	}

	@Test
	void anEventAppendedOutsideAnyTraceIsPublishedInATraceOfItsOwnWhichTheListenerContinues() {
		UUID widget = UUID.randomUUID();
		this.widgets.create(widget, "untraced").block();

		assertThat(storedHeaders(widget, "OrderPlaced")).doesNotContain("traceparent");
		SpanData published = this.spans.await(s -> isRelaySpan(s, "OrderPlaced", widget));
		assertThat(published.getParentSpanId()).isEqualTo(io.opentelemetry.api.trace.SpanId.getInvalid());
		ConsumerRecord<String, String> record = probe
			.awaitRecords(Topics.ORDER_EVENTS, r -> widget.toString().equals(r.key()), WAIT)
			.get(0);
		assertThat(EventProbe.header(record, "traceparent")).startsWith("00-" + published.getTraceId() + "-");
	}

	private static boolean isRelaySpan(SpanData span, String type, UUID subject) {
		return span.getName().startsWith("outbox publish ")
				&& type.equals(span.getAttributes().get(AttributeKey.stringKey(OutboxTracing.EVENT_TYPE_TAG)))
				&& subject.toString()
					.equals(span.getAttributes().get(AttributeKey.stringKey(OutboxTracing.EVENT_SUBJECT_TAG)))
				&& !span.getAttributes().get(AttributeKey.stringKey(OutboxTracing.EVENT_ID_TAG)).isBlank();
	}

	private String storedHeaders(UUID subject, String type) {
		return this.database
			.sql("SELECT headers::text AS headers FROM outbox WHERE message_key = :key AND type = :type")
			.bind("key", subject.toString())
			.bind("type", type)
			.map(row -> row.get("headers", String.class))
			.one()
			.blockOptional()
			.orElseThrow();
	}

	/**
	 * Every span the application ended, as an exporter would have sent them (the tracing
	 * picks up exporter beans).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Spans implements SpanExporter {

		private final List<SpanData> finished = new CopyOnWriteArrayList<>();

		SpanData await(Predicate<SpanData> match) {
			return org.awaitility.Awaitility.await()
				.atMost(WAIT)
				.until(() -> this.finished.stream().filter(match).findFirst(), found -> found.isPresent())
				.orElseThrow();
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.finished.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
