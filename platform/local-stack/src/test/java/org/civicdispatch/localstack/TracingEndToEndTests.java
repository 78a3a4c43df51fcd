package org.civicdispatch.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.civicdispatch.localstack.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces of the whole {@link Platform}, as the collector (Jaeger in compose) receives
 * them over OTLP/HTTP from the gateway and the three services (here {@link OtlpReceiver}
 * in the test JVM).
 * <ul>
 * <li>Placing an order is one trace: the gateway's span of {@code POST /api/orders} is
 * its root; order-service's span of the request is a descendant; the outbox relay
 * publishes {@code OrderPlaced} in a span that is a child of that request span (the row
 * kept its {@code traceparent}), with the Kafka producer span under it and the listeners
 * of {@code order.events.v1} in the other services continuing it; the dispatch that
 * follows the answer publishes {@code OrderDispatched} in the same trace.</li>
 * <li>Evaluating it is another request and so another trace, which carries on through
 * {@code OrderEvaluated} into points-service's listener, whose award publishes
 * {@code PointsAwarded} under it and logs the award with that trace id and the request
 * id.</li>
 * </ul>
 */
class TracingEndToEndTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	private static final GatewayClient gateway = Platform.gateway();

	private static final OtlpReceiver traces = Platform.traces();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void placingAnOrderIsOneTraceFromTheGatewayThroughTheOutboxAndKafkaIntoTheDispatch() {
		District district = District.setUp(gateway, "1398000", "灵丘");
		// once a first order is with the team, order-service knows the team: the next one
		// is dispatched
		// right after it is placed, not by a later sweep (whose events start traces of
		// their own)
		district.awaitDispatchedToTeam(district.placeOrder());
		String orderId = district.placeOrder();
		district.awaitDispatchedToTeam(orderId);

		ReceivedSpan placed = relayed("order-service", "OrderPlaced", orderId);
		String traceId = placed.traceId();

		// order-service's handling of the request wrote the row: the relay's span
		// continues it
		ReceivedSpan request = serverSpanAbove(placed);
		assertThat(request.service()).isEqualTo("order-service");
		assertThat(request.attribute("method")).isEqualTo("POST");
		assertThat(request.attribute("uri")).isEqualTo("/api/orders");
		// which the gateway called, inside its own span of the resident's request: the
		// root of the trace
		List<ReceivedSpan> above = ancestors(request);
		assertThat(above).as("spans above order-service's request span").isNotEmpty();
		assertThat(above).allSatisfy(span -> assertThat(span.service()).isEqualTo("gateway"));
		ReceivedSpan root = above.get(above.size() - 1);
		assertThat(root.isRoot()).as("the gateway's span is the root: " + root).isTrue();
		assertThat(root.kind()).isEqualTo("SERVER");
		assertThat(root.attribute("method")).isEqualTo("POST");
		assertThat(root.attribute("http.url")).endsWith("/api/orders");

		// the producer span of the send, and each consumer of order.events.v1 continuing
		// the record's traceparent
		ReceivedSpan sent = childOf(placed, span -> span.kind().equals("PRODUCER"));
		assertThat(sent.service()).isEqualTo("order-service");
		assertThat(sent.attribute("messaging.destination.name")).isEqualTo("order.events.v1");
		for (String consumer : List.of("points-service", "volunteer-service")) {
			ReceivedSpan handled = childOf(sent,
					span -> span.service().equals(consumer) && span.kind().equals("CONSUMER"));
			assertThat(handled.traceId()).isEqualTo(traceId);
		}

		// dispatching follows the answer, still in the placement's trace, under the same
		// request span
		ReceivedSpan dispatched = relayed("order-service", "OrderDispatched", orderId);
		assertThat(dispatched.traceId()).isEqualTo(traceId);
		assertThat(dispatched.parentSpanId()).isEqualTo(placed.parentSpanId());
		assertThat(serverSpanAbove(dispatched)).isEqualTo(request);
		ReceivedSpan dispatchSent = childOf(dispatched, span -> span.kind().equals("PRODUCER"));
		childOf(dispatchSent, span -> span.service().equals("volunteer-service") && span.kind().equals("CONSUMER"));
	}

	@Test
	void evaluatingAnOrderIsOneTraceFromTheGatewayIntoThePointsAwardAndItsLogLineCarriesTheTraceAndRequestIds() {
		District district = District.setUp(gateway, "1399000", "阳高");
		String orderId = district.placeOrder();
		district.awaitDispatchedToTeam(orderId);
		district.acceptStartComplete(orderId);
		String requestId = "trace-e2e-" + UUID.randomUUID();
		district.evaluate(orderId, Map.of("X-Request-Id", requestId));
		district.awaitBalance(district.memberToken, 36);

		// the staff's evaluation made the order EVALUATED: its request span wrote
		// OrderEvaluated
		ReceivedSpan announced = relayed("order-service", "OrderEvaluated", orderId);
		String traceId = announced.traceId();
		ReceivedSpan request = serverSpanAbove(announced);
		assertThat(request.service()).isEqualTo("order-service");
		assertThat(request.attribute("uri")).isEqualTo("/api/orders/{id}/evaluations");
		ReceivedSpan root = ancestors(request).get(ancestors(request).size() - 1);
		assertThat(root.service()).isEqualTo("gateway");
		assertThat(root.isRoot()).isTrue();
		assertThat(root.attribute("http.url")).endsWith("/api/orders/" + orderId + "/evaluations");

		// points-service's listener continues the record's trace, and its award publishes
		// under that span
		ReceivedSpan sent = childOf(announced, span -> span.kind().equals("PRODUCER"));
		ReceivedSpan handled = childOf(sent,
				span -> span.service().equals("points-service") && span.kind().equals("CONSUMER"));
		assertThat(handled.traceId()).isEqualTo(traceId);
		List<ReceivedSpan> awards = await().atMost(EVENTUALLY)
			.until(() -> traces.trace(traceId)
				.stream()
				.filter(span -> span.service().equals("points-service")
						&& "PointsAwarded".equals(span.attribute("civic.event.type")))
				.toList(), found -> found.size() == 2);
		assertThat(awards).allSatisfy(award -> assertThat(award.parentSpanId()).isEqualTo(handled.spanId()));
		assertThat(awards).extracting(award -> award.attribute("civic.event.subject"))
			.containsExactlyInAnyOrder(district.leaderId, district.memberId);

		// the award's log line (plain text here) names the trace and the evaluation's
		// request id
		String awardLine = await().atMost(EVENTUALLY)
			.until(() -> ServiceLogs.lines(Platform.stack().logFile("points-service"))
				.stream()
				.filter(line -> line.contains("Awarded 36 points to " + district.memberId + " for order " + orderId))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(awardLine).contains("[" + traceId + ",").contains("[" + requestId + "]");
	}

	@Test
	void aJsonLogLineCarriesTheTraceIdBesideTheRequestIdAndTheTraceShowsTheRequestThroughTheGateway() {
		String requestId = "trace-json-" + UUID.randomUUID();
		GatewayClient.Answer refused = gateway.post("/api/auth/login", null,
				Map.of("phone", "13990009999", "password", "Wrong@2024x"), Map.of("X-Request-Id", requestId));
		assertThat(refused.status()).isEqualTo(401);

		// volunteer-service writes ECS JSON lines in the platform (LOG_FORMAT=ecs)
		JsonNode line = await().atMost(EVENTUALLY)
			.until(() -> ServiceLogs.lines(Platform.stack().logFile("volunteer-service"))
				.stream()
				.filter(l -> l.contains(requestId) && l.contains("Failed login"))
				.findFirst(), Optional::isPresent)
			.map(JSON::readTree)
			.orElseThrow();
		assertThat(line.get("requestId").asString()).isEqualTo(requestId);
		String traceId = line.get("traceId").asString();
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat(line.get("spanId").asString()).matches("[0-9a-f]{16}");

		ReceivedSpan login = traces.await("volunteer-service's span of the login in trace " + traceId, EVENTUALLY,
				span -> span.traceId().equals(traceId) && span.service().equals("volunteer-service")
						&& span.kind().equals("SERVER"));
		assertThat(login.attribute("uri")).isEqualTo("/api/auth/login");
		assertThat(login.attribute("status")).isEqualTo("401");
		ReceivedSpan root = ancestors(login).get(ancestors(login).size() - 1);
		assertThat(root.service()).isEqualTo("gateway");
		assertThat(root.isRoot()).isTrue();
	}

	/**
	 * The relay's span of publishing the event of {@code type} about {@code subject} from
	 * {@code service}.
	 */
	private static ReceivedSpan relayed(String service, String type, String subject) {
		return traces.await(service + " publishing " + type + " about " + subject, EVENTUALLY,
				span -> span.service().equals(service) && type.equals(span.attribute("civic.event.type"))
						&& subject.equals(span.attribute("civic.event.subject")));
	}

	/**
	 * The span of the HTTP request that {@code span} was made in (within the request,
	 * Spring Security's own observations may stand between them); every span on the way
	 * belongs to the same service.
	 */
	private static ReceivedSpan serverSpanAbove(ReceivedSpan span) {
		for (ReceivedSpan ancestor : ancestors(span)) {
			assertThat(ancestor.service()).as("on the way up from " + span).isEqualTo(span.service());
			if (ancestor.kind().equals("SERVER")) {
				return ancestor;
			}
		}
		throw new AssertionError("no server span above " + span + " in " + traces.trace(span.traceId()));
	}

	private static ReceivedSpan parentOf(ReceivedSpan span) {
		assertThat(span.isRoot()).as("a root span has no parent: " + span).isFalse();
		return traces.await("the parent of " + span, EVENTUALLY, candidate -> candidate.traceId().equals(span.traceId())
				&& candidate.spanId().equals(span.parentSpanId()));
	}

	private static ReceivedSpan childOf(ReceivedSpan parent, Predicate<ReceivedSpan> match) {
		return traces.await("a child of " + parent, EVENTUALLY, span -> span.traceId().equals(parent.traceId())
				&& span.parentSpanId().equals(parent.spanId()) && match.test(span));
	}

	/** The spans above {@code span}, its parent first and the root of the trace last. */
	private static List<ReceivedSpan> ancestors(ReceivedSpan span) {
		List<ReceivedSpan> ancestors = new ArrayList<>();
		ReceivedSpan current = span;
		while (!current.isRoot() && ancestors.size() < 50) {
			current = parentOf(current);
			ancestors.add(current);
		}
		return ancestors;
	}

}
