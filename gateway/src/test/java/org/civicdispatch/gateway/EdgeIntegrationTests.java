package org.civicdispatch.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Correlation ids, the request body limit and CORS, at the edge. */
@ExtendWith(OutputCaptureExtension.class)
class EdgeIntegrationTests extends GatewayTestSupport {

	static final String CONSOLE = "http://localhost:5173";

	@Test
	void aRequestWithoutIdGetsOneThatTheServiceAndTheCallerBothSee() {
		String path = unique("/api/orders");
		String requestId = client().get()
			.uri(path)
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Request-Id");
		assertThat(requestId).isNotBlank();
		assertThat(ORDERS.last(path))
			.hasValueSatisfying((received) -> assertThat(received.headers()).containsEntry("X-Request-Id", requestId));
		client().get()
			.uri(unique("/api/orders"))
			.header("Authorization", bearer())
			.exchange()
			.expectHeader()
			.values("X-Request-Id",
					(ids) -> assertThat(ids).as("one id, though edge and service both answer it").hasSize(1));
	}

	@Test
	void aCallersIdIsPassedOnReturnedAndLogged(CapturedOutput output) {
		String path = unique("/api/teams");
		String requestId = "console-" + UUID.randomUUID();
		client().get()
			.uri(path)
			.header("Authorization", bearer())
			.header("X-Request-Id", requestId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", requestId)
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(requestId);
		// The access line is written as the exchange completes, which may be just after
		// the client has the answer.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(output.getOut().lines().filter((line) -> line.contains("GET " + path + " 200")))
						.singleElement()
						.asString()
						.contains("[" + requestId + "]"));
	}

	@Test
	void answersFromTheEdgeCarryTheIdToo(CapturedOutput output) {
		String requestId = "refused-" + UUID.randomUUID();
		client().get()
			.uri(unique("/api/orders"))
			.header("X-Request-Id", requestId)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("X-Request-Id", requestId)
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(requestId);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).contains("[" + requestId + "]"));
	}

	@Test
	void aBodyOverTheLimitIsRefusedWith413() {
		String path = unique("/api/orders");
		client().post()
			.uri(path)
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(300 * 1024))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(413)
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).startsWith("请求内容过大"));
		assertThat(ORDERS.hits(path)).isZero();
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWith413() {
		String path = unique("/api/store/redemptions");
		byte[] chunk = new byte[32 * 1024];
		Arrays.fill(chunk, (byte) 'x');
		client().post()
			.uri(path)
			.header("Authorization", bearer())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.TEXT_PLAIN)
			.body(Flux.range(0, 10).map((i) -> new String(chunk, StandardCharsets.US_ASCII)), String.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413);
		assertThat(POINTS.hits(path)).isZero();
	}

	@Test
	void aPhotoUploadMayBeLargerAndReachesOrderServiceWhichJudgesThePhoto() {
		String path = unique("/api/orders") + "/photos";
		byte[] sixMegabytes = new byte[6 * 1024 * 1024];
		client().post()
			.uri(path)
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(sixMegabytes)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.bodyLength")
			.isEqualTo(sixMegabytes.length);
		assertThat(ORDERS.hits(path)).isOne();
	}

	@Test
	void aPhotoUploadOverTheUploadLimitIsRefusedWith413AtTheEdge() {
		String path = unique("/api/orders") + "/photos";
		client().post()
			.uri(path)
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[9 * 1024 * 1024])
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("8192 KB"));
		assertThat(ORDERS.hits(path)).isZero();
	}

	@Test
	void onlyPhotoUploadsMayBeLarger() {
		String path = unique("/api/orders") + "/cancel";
		client().post()
			.uri(path)
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[1024 * 1024])
			.exchange()
			.expectStatus()
			.isEqualTo(413);
		assertThat(ORDERS.hits(path)).isZero();
	}

	@Test
	void aBodyUnderTheLimitGoesThrough() {
		String body = json(200 * 1024);
		client().post()
			.uri(unique("/api/orders"))
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.bodyLength")
			.isEqualTo(body.length());
	}

	@Test
	void theConsoleOriginMayCallFromABrowser() {
		client().options()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, CONSOLE)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CONSOLE)
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					(allowed) -> assertThat(allowed.toLowerCase()).contains("authorization", "idempotency-key"));

		client().get()
			.uri(unique("/api/orders"))
			.header(HttpHeaders.ORIGIN, CONSOLE)
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CONSOLE)
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
					(exposed) -> assertThat(exposed).contains("X-Request-Id"));
	}

	@Test
	void anyOtherOriginIsRefused() {
		client().options()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

		String path = unique("/api/orders");
		client().get()
			.uri(path)
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		assertThat(ORDERS.hits(path)).isZero();
	}

	private static String json(int size) {
		return "{\"description\":\"" + "x".repeat(size - 18) + "\"}";
	}

}
