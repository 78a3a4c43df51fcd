package org.civicdispatch.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /api/events/**} (order-service's live updates) through the gateway: a stream
 * outlives the response timeout and every service time limit, each event reaches the
 * client when the service sends it rather than when the stream ends, a client that hangs
 * up ends the stream at the service, and nothing is retried; with order-service out of
 * reach the answer is the usual 503 problem. Here the response timeout is 1 s and the
 * time limit 1.5 s.
 */
@TestPropertySource(properties = "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s")
class EventStreamIntegrationTests extends GatewayTestSupport {

	/** What arrived of a stream, and when (milliseconds after the request). */
	record Chunk(String text, long atMillis) {
	}

	final class Listener {

		final List<Chunk> chunks = new CopyOnWriteArrayList<>();

		final AtomicInteger status = new AtomicInteger();

		volatile String contentType;

		volatile boolean completed;

		final Disposable connection;

		Listener(String path) {
			long started = System.nanoTime();
			connection = HttpClient.newConnection()
				.headers((h) -> h.set("Authorization", bearer()).set("Accept", "text/event-stream"))
				.get()
				.uri("http://127.0.0.1:" + port + path)
				.response((response, body) -> {
					status.set(response.status().code());
					contentType = response.responseHeaders().get("Content-Type");
					return body.asString(StandardCharsets.UTF_8);
				})
				.subscribe((text) -> chunks.add(new Chunk(text, (System.nanoTime() - started) / 1_000_000)),
						(error) -> completed = true, () -> completed = true);
		}

		String text() {
			return String.join("", chunks.stream().map(Chunk::text).toList());
		}

		/** When the event with this id arrived. */
		long arrivalOf(int id) {
			StringBuilder seen = new StringBuilder();
			for (Chunk chunk : chunks) {
				seen.append(chunk.text());
				if (seen.indexOf("id: " + id + "\n") >= 0) {
					return chunk.atMillis();
				}
			}
			throw new AssertionError("Event " + id + " never arrived: " + seen);
		}

	}

	@Test
	void aStreamOutlivesEveryTimeLimitAndEachEventArrivesWhenItIsSent() {
		// five events, 800 ms apart: 3.2 s, past the response timeout and the breakers'
		// time limit
		String path = unique("/api/events") + "/sse/5/800";
		Listener listener = new Listener(path);
		await().atMost(Duration.ofSeconds(15)).until(() -> listener.completed);

		assertThat(listener.status.get()).isEqualTo(200);
		assertThat(listener.contentType).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
		for (int n = 0; n < 5; n++) {
			assertThat(listener.text()).contains("id: " + n + "\nevent: tick\ndata: {\"n\":" + n + "}\n\n");
		}
		// not held back until the end: the first event long before the last one was sent
		assertThat(listener.arrivalOf(0)).isLessThan(1_000);
		assertThat(listener.arrivalOf(4)).isGreaterThanOrEqualTo(3_200);
		assertThat(listener.arrivalOf(2) - listener.arrivalOf(1)).isGreaterThan(400);
		assertThat(ORDERS.hits(pathWithoutQuery(path))).isEqualTo(1);
	}

	@Test
	void aClientThatHangsUpEndsTheStreamAtTheService() {
		int before = ORDERS.openStreams();
		Listener listener = new Listener(unique("/api/events") + "/sse/1000/200");
		await().atMost(Duration.ofSeconds(10)).until(() -> listener.text().contains("id: 1\n"));
		assertThat(ORDERS.openStreams()).isEqualTo(before + 1);

		listener.connection.dispose();
		await().atMost(Duration.ofSeconds(10)).until(() -> ORDERS.openStreams() == before);
	}

	@Test
	void aStreamIsNeverRetried() {
		String path = unique("/api/events") + "/status/503";
		client().get().uri(path).header("Authorization", bearer()).exchange().expectStatus().isEqualTo(503);
		assertThat(ORDERS.hits(path)).isEqualTo(1);
	}

	@Test
	void withOrderServiceOutOfReachTheAnswerIsA503ProblemNamingIt() {
		ORDERS.stop();
		try {
			client().get()
				.uri("/api/events/stream")
				.header("Authorization", bearer())
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(503)
				.jsonPath("$.service")
				.isEqualTo("order-service")
				.jsonPath("$.detail")
				.isEqualTo("订单服务暂时不可用，请稍后再试 (order-service unavailable)")
				.jsonPath("$.instance")
				.isEqualTo("/api/events/stream");
		}
		finally {
			ORDERS.start();
		}
		client().get().uri(unique("/api/events")).header("Authorization", bearer()).exchange().expectStatus().isOk();
	}

	@Test
	void aStreamNeedsAToken() {
		String path = unique("/api/events") + "/sse/1/100";
		client().get().uri(path).exchange().expectStatus().isUnauthorized();
		assertThat(ORDERS.hits(path)).isZero();
	}

	private static String pathWithoutQuery(String path) {
		int query = path.indexOf('?');
		return query < 0 ? path : path.substring(0, query);
	}

}
