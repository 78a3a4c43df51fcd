package org.civicdispatch.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A real HTTP server standing in for one service behind the gateway. What it answers
 * depends on the path, so tests need no shared switches:
 * <ul>
 * <li>{@code …/status/{code}}: that status;</li>
 * <li>{@code …/slow/{millis}}: 200 after that long;</li>
 * <li>{@code …/flaky/{id}?failures=n}: 503 for the first n requests to that path, then
 * 200;</li>
 * <li>{@code …/sse/{count}/{millis}}: a {@code text/event-stream} of {@code count} events
 * ({@code id: n}, {@code event: tick}), the first at once and then one every
 * {@code millis}, each flushed as it is sent; {@link #openStreams()} counts those still
 * being sent;</li>
 * <li>{@code /v3/api-docs}: a small OpenAPI description of {@code /api/<name>/things},
 * whose {@code Thing} schema differs from the other services' and whose {@code Problem}
 * does not, {@code /api/<name>/open}, which the service says needs no token, and
 * {@code /api/catalog}, which it says needs one;</li>
 * <li>anything else: 200.</li>
 * </ul>
 * The body always says which service answered and what arrived: {@code service},
 * {@code method}, {@code path}, {@code authorization}, {@code requestId},
 * {@code bodyLength}; like the real services it returns the {@code X-Request-Id} it was
 * given. Every request is counted by path; {@link #stop()} and {@link #start()} take it
 * down and bring it back on the same port.
 */
final class FakeService {

	record Received(String method, String path, Map<String, String> headers, int bodyLength) {
	}

	private final String name;

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

	private final AtomicInteger openStreams = new AtomicInteger();

	// Its own event loop, like a process of its own: not disposed with the gateway's
	// shared ones.
	private final LoopResources loops;

	private volatile int port;

	private volatile DisposableServer server;

	private FakeService(String name) {
		this.name = name;
		this.loops = LoopResources.create(name, 1, true);
	}

	static FakeService started(String name) {
		FakeService service = new FakeService(name);
		service.start();
		return service;
	}

	synchronized void start() {
		if (server == null) {
			server = HttpServer.create().runOn(loops).host("127.0.0.1").port(port).doOnConnection((connection) -> {
				Channel channel = connection.channel();
				if (channels.add(channel)) {
					channel.closeFuture().addListener((closed) -> channels.remove(channel));
				}
			}).handle(this::answer).bindNow();
			port = server.port();
		}
	}

	synchronized void stop() {
		if (server != null) {
			// Like a process that is gone: no new connections, and the open ones (kept
			// alive in the
			// gateway's pool) are closed too.
			server.disposeNow(Duration.ofSeconds(5));
			channels.forEach(Channel::close);
			server = null;
		}
	}

	String url() {
		return "http://127.0.0.1:" + port;
	}

	/** How many requests arrived for this exact path (without query). */
	int hits(String path) {
		AtomicInteger count = hits.get(path);
		return count == null ? 0 : count.get();
	}

	/**
	 * Event streams ({@code …/sse/…}) still being sent: a client that hung up ends its
	 * stream here too.
	 */
	int openStreams() {
		return openStreams.get();
	}

	/** The last request that arrived for this path. */
	Optional<Received> last(String path) {
		return received.reversed().stream().filter((request) -> request.path().equals(path)).findFirst();
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		URI uri = URI.create(request.uri());
		String path = uri.getRawPath();
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			int hit = hits.computeIfAbsent(path, (ignored) -> new AtomicInteger()).incrementAndGet();
			Map<String, String> headers = new ConcurrentHashMap<>();
			request.requestHeaders().forEach((header) -> headers.putIfAbsent(header.getKey(), header.getValue()));
			received.add(new Received(request.method().name(), path, headers, body.length));
			String json = "{\"service\":\"" + name + "\",\"method\":\"" + request.method().name() + "\",\"path\":\""
					+ path + "\",\"query\":\"" + nullToEmpty(uri.getRawQuery()) + "\",\"authorization\":\""
					+ nullToEmpty(request.requestHeaders().get("Authorization")) + "\",\"requestId\":\""
					+ nullToEmpty(request.requestHeaders().get("X-Request-Id")) + "\",\"bodyLength\":" + body.length
					+ "}";
			List<String> segments = List.of(path.split("/"));
			Mono<Void> delay = Mono.empty();
			int status = 200;
			int slow = segments.indexOf("slow");
			int fixed = segments.indexOf("status");
			if (slow >= 0 && slow + 1 < segments.size()) {
				delay = Mono.delay(Duration.ofMillis(Long.parseLong(segments.get(slow + 1)))).then();
			}
			else if (fixed >= 0 && fixed + 1 < segments.size()) {
				status = Integer.parseInt(segments.get(fixed + 1));
			}
			else if (segments.contains("flaky") && hit <= failures(uri)) {
				status = 503;
			}
			int sse = segments.indexOf("sse");
			if (sse >= 0 && sse + 2 < segments.size()) {
				return stream(request, response, Integer.parseInt(segments.get(sse + 1)),
						Duration.ofMillis(Long.parseLong(segments.get(sse + 2))));
			}
			if (path.equals("/v3/api-docs")) {
				json = apiDescription();
			}
			int answer = status;
			String requestId = request.requestHeaders().get("X-Request-Id");
			if (requestId != null) {
				// Services answer with the correlation id too.
				response.header("X-Request-Id", requestId);
			}
			return delay.then(response.status(HttpResponseStatus.valueOf(answer))
				.header("Content-Type", "application/json")
				.sendByteArray(Mono.just(json.getBytes(StandardCharsets.UTF_8)))
				.then());
		});
	}

	private Mono<Void> stream(HttpServerRequest request, HttpServerResponse response, int count, Duration every) {
		String requestId = request.requestHeaders().get("X-Request-Id");
		if (requestId != null) {
			response.header("X-Request-Id", requestId);
		}
		return response.status(HttpResponseStatus.OK)
			.header("Content-Type", "text/event-stream")
			.sendString(Flux.interval(Duration.ZERO, every)
				.take(count)
				.map((n) -> "id: " + n + "\nevent: tick\ndata: {\"n\":" + n + "}\n\n")
				.doOnSubscribe((subscription) -> openStreams.incrementAndGet())
				.doFinally((signal) -> openStreams.decrementAndGet()))
			.then();
	}

	private String apiDescription() {
		return """
				{"openapi":"3.1.0","info":{"title":"%1$s","version":"v1"},
				 "servers":[{"url":"%2$s","description":"Generated server url"}],
				 "security":[{"bearerAuth":[]}],
				 "tags":[{"name":"things"}],
				 "paths":{"/api/%1$s/things":{"get":{"tags":["things"],"operationId":"thingList",
				   "responses":{"200":{"description":"OK","content":{"application/json":
				     {"schema":{"type":"array","items":{"$ref":"#/components/schemas/Thing"}}}}},
				     "400":{"description":"Bad","content":{"application/problem+json":
				     {"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
				   "/api/%1$s/open":{"get":{"operationId":"openThing","security":[],
				     "responses":{"200":{"description":"OK"}}}},
				   "/api/catalog":{"get":{"operationId":"catalog","responses":{"200":{"description":"OK"}}}}},
				 "components":{"schemas":{
				   "Thing":{"type":"object","properties":{"%1$s":{"type":"string"}}},
				   "Problem":{"type":"object","properties":{"status":{"type":"integer"}}}},
				  "securitySchemes":{"bearerAuth":{"type":"http","scheme":"bearer","bearerFormat":"JWT"}}}}
				""".formatted(name, url());
	}

	private static int failures(URI uri) {
		String query = uri.getRawQuery();
		if (query != null) {
			for (String parameter : query.split("&")) {
				if (parameter.startsWith("failures=")) {
					return Integer.parseInt(parameter.substring("failures=".length()));
				}
			}
		}
		return 0;
	}

	private static String nullToEmpty(String value) {
		return value == null ? "" : value.replace("\"", "\\\"");
	}

}
