package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An OTLP/HTTP trace collector in the test JVM, as Jaeger's port 4318 would be: the
 * applications of the {@link Platform} export their spans here ({@code POST /v1/traces},
 * protobuf), and tests read them back. Keeps the most recent {@value #KEEP} spans, with
 * the attributes the tests look at.
 */
final class OtlpReceiver implements AutoCloseable {

	private static final int KEEP = 200_000;

	private static final HexFormat HEX = HexFormat.of();

	private final HttpServer server;

	private final ConcurrentLinkedDeque<ReceivedSpan> spans = new ConcurrentLinkedDeque<>();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	static OtlpReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			OtlpReceiver receiver = new OtlpReceiver(server);
			server.createContext("/v1/traces", receiver::handle);
			server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
				Thread thread = new Thread(runnable, "otlp-receiver");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where the applications send their spans:
	 * {@code management.opentelemetry.tracing.export.otlp.endpoint}.
	 */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
	}

	/** The first span received that matches, waiting for it up to {@code timeout}. */
	ReceivedSpan await(String description, Duration timeout, Predicate<ReceivedSpan> match) {
		return org.awaitility.Awaitility.await()
			.alias(description)
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.spans.stream().filter(match).findFirst(), found -> found.isPresent())
			.orElseThrow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			ExportTraceServiceRequest request;
			try (InputStream body = body(exchange)) {
				request = ExportTraceServiceRequest.parseFrom(body);
			}
			for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
				String service = attributes(resourceSpans.getResource()).getOrDefault("service.name", "");
				for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
					for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
						this.spans.addLast(new ReceivedSpan(service, HEX.formatHex(span.getTraceId().toByteArray()),
								HEX.formatHex(span.getSpanId().toByteArray()),
								HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(),
								span.getKind().name().replace("SPAN_KIND_", ""), attributes(span.getAttributesList())));
					}
				}
			}
			while (this.spans.size() > KEEP) {
				this.spans.pollFirst();
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
			if (answer.length > 0) {
				exchange.getResponseBody().write(answer);
			}
		}
	}

	private static InputStream body(HttpExchange exchange) throws IOException {
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		InputStream body = exchange.getRequestBody();
		return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
	}

	private static Map<String, String> attributes(Resource resource) {
		return attributes(resource.getAttributesList());
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		Map<String, String> values = new LinkedHashMap<>();
		for (KeyValue attribute : attributes) {
			AnyValue value = attribute.getValue();
			String text = value.hasStringValue() ? value.getStringValue()
					: value.hasIntValue() ? Long.toString(value.getIntValue())
							: value.hasBoolValue() ? Boolean.toString(value.getBoolValue()) : value.toString();
			values.put(attribute.getKey(), text);
		}
		return values;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One span as the collector received it; ids in lower-case hex, the parent's empty
	 * for a root span.
	 */
	record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
			Map<String, String> attributes) {

		String attribute(String key) {
			return this.attributes.get(key);
		}

		boolean isRoot() {
			return this.parentSpanId.isEmpty() || this.parentSpanId.chars().allMatch(c -> c == '0');
		}

		@Override
		public String toString() {
			return this.service + " " + this.kind + " '" + this.name + "' " + this.spanId + " <- " + this.parentSpanId
					+ " " + this.attributes;
		}

	}

}
