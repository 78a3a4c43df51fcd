package org.civicdispatch.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One circuit breaker and time limit per service: a service that is down, hangs or
 * answers 502/503/504 gets a 503 problem naming it, at once once its breaker is open,
 * while the other services' routes keep working; 4xx and 500 answers are answers, not
 * failures; only requests that are safe to repeat are retried. Test windows: 4 calls, 50%
 * failures open a breaker; 1.5 s time limit; 2 retries.
 */
class ResilienceIntegrationTests extends GatewayTestSupport {

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	TimeLimiterRegistry timeLimiters;

	@Test
	void eachServiceHasTheBreakerAndTimeLimitNamedInTheConfiguration() {
		for (String service : new String[] { "volunteer-service", "order-service", "points-service" }) {
			assertThat(breakers.find(service)).as(service)
				.hasValueSatisfying((breaker) -> assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls())
					.isEqualTo(4));
			assertThat(timeLimiters.find(service)).as(service)
				.hasValueSatisfying((limiter) -> assertThat(limiter.getTimeLimiterConfig().getTimeoutDuration())
					.isEqualTo(Duration.ofMillis(1500)));
		}
	}

	@BeforeEach
	@AfterEach
	void closeAllBreakers() {
		VOLUNTEERS.start();
		ORDERS.start();
		POINTS.start();
		breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(ints = { 502, 503, 504 })
	void answersThatSayTheServiceIsUnhealthyOpenTheBreakerAndOtherRoutesKeepWorking(int status) {
		String failing = unique("/api/points/accounts") + "/status/" + status;
		for (int i = 0; i < 4; i++) {
			String requestId = "breaker-" + i + "-" + UUID.randomUUID();
			WebTestClient.ResponseSpec response = client().get()
				.uri(failing)
				.header("Authorization", bearer())
				.header("X-Request-Id", requestId)
				.exchange();
			expectUnavailable(response, "points-service", "积分服务暂时不可用");
			response.expectHeader().valueEquals("X-Request-Id", requestId);
		}
		assertThat(breakers.circuitBreaker("points-service").getState()).isEqualTo(CircuitBreaker.State.OPEN);

		// Open: answered at once, without calling the service.
		String healthy = unique("/api/store/redemptions");
		long started = System.nanoTime();
		expectUnavailable(client().get().uri(healthy).header("Authorization", bearer()).exchange(), "points-service",
				"积分服务暂时不可用");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		assertThat(POINTS.hits(healthy)).isZero();

		client().get().uri(unique("/api/orders")).header("Authorization", bearer()).exchange().expectStatus().isOk();
		client().get().uri(unique("/api/teams")).header("Authorization", bearer()).exchange().expectStatus().isOk();
	}

	/**
	 * A 500 is a service's answer to one request (a bug, or input it could not handle),
	 * not a sign that it is down: however many such requests one client sends, everybody
	 * else keeps being served, and the 500 is neither replaced nor repeated.
	 */
	@Test
	void aFloodOfRequestsThatFailInsideAServiceLeavesItAvailableToEverybodyElse() {
		String poisoned = unique("/api/orders") + "/status/500";
		String attacker = bearer();
		WebClient http = WebClient.create("http://127.0.0.1:" + port);
		Flux<Integer> flood = Flux.range(0, 200)
			.flatMap((i) -> status(http.get().uri(poisoned).header("Authorization", attacker)), 16);
		Flux<Integer> others = Flux.range(0, 100)
			.delayElements(Duration.ofMillis(5))
			.flatMap((i) -> status(http.get().uri(unique("/api/orders")).header("Authorization", bearer())), 4);
		List<Integer> floodStatuses = new ArrayList<>();
		List<Integer> otherStatuses = new ArrayList<>();
		Flux.merge(flood.doOnNext(floodStatuses::add).then(), others.doOnNext(otherStatuses::add).then())
			.blockLast(Duration.ofSeconds(120));

		assertThat(floodStatuses).hasSize(200).containsOnly(500);
		assertThat(otherStatuses).hasSize(100).containsOnly(200);
		assertThat(ORDERS.hits(poisoned)).as("a request that failed inside the service is not sent again")
			.isEqualTo(200);
		CircuitBreaker breaker = breakers.circuitBreaker("order-service");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		// The client reads the service's own answer, not a 503 saying the service is
		// down.
		client().get()
			.uri(poisoned)
			.header("Authorization", attacker)
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("order-service");
	}

	/**
	 * The 503 member by member: the path the client asked for as {@code instance}, the
	 * service as a property.
	 */
	@Test
	void theUnavailableAnswerNamesTheServiceAndThePathAskedFor() {
		POINTS.stop();
		String path = unique("/api/store/redemptions");
		client().get()
			.uri(path)
			.header("Authorization", bearer())
			.header("X-Request-Id", "points-down")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
					+ "\"detail\":\"积分服务暂时不可用，请稍后再试 (points-service unavailable)\",\"instance\":\"" + path
					+ "\",\"requestId\":\"points-down\",\"service\":\"points-service\"}");
	}

	private static Mono<Integer> status(WebClient.RequestHeadersSpec<?> request) {
		return request.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	@Test
	void aServiceThatIsDownIsNamedInThe503AndItsBreakerOpens() {
		ORDERS.stop();
		for (int i = 0; i < 4; i++) {
			expectUnavailable(client().get().uri(unique("/api/orders")).header("Authorization", bearer()).exchange(),
					"order-service", "订单服务暂时不可用");
		}
		assertThat(breakers.circuitBreaker("order-service").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		expectUnavailable(client().post()
			.uri("/api/orders")
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange(), "order-service", "订单服务暂时不可用");
		client().get()
			.uri(unique("/api/points/accounts"))
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aServiceTooSlowIsCutOffByItsTimeLimit() {
		String slow = unique("/api/volunteers") + "/slow/5000";
		long started = System.nanoTime();
		expectUnavailable(client().get().uri(slow).header("Authorization", bearer()).exchange(), "volunteer-service",
				"志愿者服务暂时不可用");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4000));
		client().get().uri(unique("/api/orders")).header("Authorization", bearer()).exchange().expectStatus().isOk();
	}

	@Test
	void clientErrorsAreAnswersNotFailures() {
		for (int i = 0; i < 12; i++) {
			client().get()
				.uri(unique("/api/orders") + "/status/" + (i % 2 == 0 ? 404 : 409))
				.header("Authorization", bearer())
				.exchange()
				.expectStatus()
				.is4xxClientError()
				.expectBody()
				.jsonPath("$.service")
				.isEqualTo("order-service");
		}
		CircuitBreaker breaker = breakers.circuitBreaker("order-service");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		String notFound = unique("/api/orders") + "/status/404";
		client().get().uri(notFound).header("Authorization", bearer()).exchange().expectStatus().isNotFound();
		assertThat(ORDERS.hits(notFound)).as("client errors are not retried").isEqualTo(1);
	}

	@Test
	void aGetIsRetried() {
		String flaky = unique("/api/orders") + "/flaky";
		client().get().uri(flaky + "?failures=2").header("Authorization", bearer()).exchange().expectStatus().isOk();
		assertThat(ORDERS.hits(flaky)).isEqualTo(3);
	}

	@Test
	void aPostWithAnIdempotencyKeyIsRetriedWithItsBody() {
		String flaky = unique("/api/store/redemptions") + "/flaky";
		String body = "{\"itemId\":\"" + UUID.randomUUID() + "\",\"quantity\":1}";
		client().post()
			.uri(flaky + "?failures=2")
			.header("Authorization", bearer())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.bodyLength")
			.isEqualTo(body.length());
		assertThat(POINTS.hits(flaky)).isEqualTo(3);
	}

	@Test
	void aPlainPostIsNeverRetried() {
		String flaky = unique("/api/orders") + "/flaky";
		expectUnavailable(client().post()
			.uri(flaky + "?failures=2")
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange(), "order-service", "订单服务暂时不可用");
		assertThat(ORDERS.hits(flaky)).isEqualTo(1);
	}

	private static void expectUnavailable(WebTestClient.ResponseSpec response, String service, String detail) {
		response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.service")
			.isEqualTo(service)
			.jsonPath("$.detail")
			.value((text) -> assertThat(text.toString()).startsWith(detail).contains(service));
	}

}
