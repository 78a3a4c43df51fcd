package org.civicdispatch.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import reactor.util.context.ContextView;

/**
 * Carries a trace across the outbox, whose rows are written in one transaction and
 * published by a relay later, on another thread and maybe by another instance. When an
 * event is appended, the trace context current in the Reactor context (the HTTP request's
 * span, or a Kafka listener's) is stored with the row as propagation headers
 * ({@code traceparent}, W3C); when the relay publishes the row, it does so inside a span
 * that continues that stored context, so the {@code KafkaTemplate}'s producer span, the
 * {@code traceparent} it sends and the consumer's listener span all belong to the trace
 * that wrote the event, not to a new trace of the relay.
 * <p>
 * Present only when the service has Micrometer Tracing (a {@link Tracer} and a
 * {@link Propagator} bean); without it rows carry no trace headers and the relay
 * publishes as before.
 */
public class OutboxTracing {

	/**
	 * Tag of the relay's span: the CloudEvents type of the published event, e.g.
	 * {@code OrderPlaced}.
	 */
	public static final String EVENT_TYPE_TAG = "civic.event.type";

	/** Tag of the relay's span: the event id. */
	public static final String EVENT_ID_TAG = "civic.event.id";

	/**
	 * Tag of the relay's span: the aggregate the event is about (its Kafka key), e.g. the
	 * order id.
	 */
	public static final String EVENT_SUBJECT_TAG = "civic.event.subject";

	private final Tracer tracer;

	private final Propagator propagator;

	public OutboxTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * The propagation headers of the trace of a subscriber with {@code context}: the span
	 * of the observation in the Reactor context (a WebFlux request's, a Kafka
	 * listener's); empty when there is none. Only the Reactor context counts, not
	 * whatever span the subscribing thread last had in scope: a timer woken by a listener
	 * must not file its work under that listener's trace.
	 */
	public Map<String, String> capture(ContextView context) {
		Span span = spanOf(context);
		// not Span#isNoop: an ended span is no longer recording, yet work done after the
		// request's answer
		// (a dispatch) still belongs to its trace
		TraceContext trace = (span != null) ? span.context() : null;
		if (trace == null || !hasId(trace.traceId()) || !hasId(trace.spanId())) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		this.propagator.inject(trace, headers, Map::put);
		return headers;
	}

	private static boolean hasId(String id) {
		return id != null && !id.isEmpty() && id.chars().anyMatch(c -> c != '0');
	}

	private static Span spanOf(ContextView context) {
		Object observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (observation instanceof ObservationView view
				&& !(observation instanceof Observation current && current.isNoop())) {
			TracingObservationHandler.TracingContext tracing = view.getContextView()
				.get(TracingObservationHandler.TracingContext.class);
			return (tracing != null) ? tracing.getSpan() : null;
		}
		return null;
	}

	/**
	 * Starts the span of publishing one outbox row: a child of the trace stored with the
	 * row, or a new trace for a row that has none (written outside any request or
	 * listener).
	 */
	public Publishing publishing(Map<String, String> stored, String topic, String type, String eventId,
			String subject) {
		Span.Builder builder = hasTraceContext(stored) ? this.propagator.extract(stored, Map::get)
				: this.tracer.spanBuilder().setNoParent();
		Span span = builder.name("outbox publish " + topic)
			.tag(EVENT_TYPE_TAG, (type != null) ? type : "")
			.tag(EVENT_ID_TAG, (eventId != null) ? eventId : "")
			.tag(EVENT_SUBJECT_TAG, (subject != null) ? subject : "")
			.start();
		return new Publishing(this.tracer, span);
	}

	private boolean hasTraceContext(Map<String, String> stored) {
		return this.propagator.fields().stream().anyMatch(stored::containsKey);
	}

	/**
	 * The span of one row's publication; the producer span of the send is made inside it.
	 */
	public static final class Publishing {

		private final Tracer tracer;

		private final Span span;

		Publishing(Tracer tracer, Span span) {
			this.tracer = tracer;
			this.span = span;
		}

		/**
		 * Runs {@code action} with this span current on the calling thread (and in the
		 * logging MDC).
		 */
		public <T> T inScope(Supplier<T> action) {
			try (Tracer.SpanInScope scope = this.tracer.withSpan(this.span)) {
				return action.get();
			}
		}

		/** Ends the span, marked as failed when {@code error} is not null. */
		public void end(Throwable error) {
			if (error != null) {
				this.span.error(error);
			}
			this.span.end();
		}

	}

}
