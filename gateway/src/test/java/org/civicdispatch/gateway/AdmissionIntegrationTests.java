package org.civicdispatch.gateway;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control: a route has only so many requests in flight to its service (here a
 * fixed 4, so that the test knows the limit). One over it is answered 503 problem+json
 * with {@code Retry-After} at once, never reaches the service, and does not count against
 * the circuit breaker; the requests in flight are served, and once they are the route
 * takes new ones again.
 */
@TestPropertySource(properties = { "civic.gateway.admission.initial-limit=4", "civic.gateway.admission.min-limit=4",
		"civic.gateway.admission.max-limit=4" })
class AdmissionIntegrationTests extends GatewayTestSupport {

	@Autowired
	CircuitBreakerRegistry breakers;

	@Autowired
	MeterRegistry meters;

	@Test
	void aRouteAtItsLimitRefusesAtOnceWithRetryAfterAndItsBreakerStaysClosed() {
		breakers.circuitBreaker("points-service").reset();
		WebClient http = WebClient.create("http://127.0.0.1:" + port);
		String slow = unique("/api/points/accounts") + "/slow/1000";
		List<Mono<Answer>> inFlight = Flux.range(0, 4)
			.map((i) -> answer(http.get().uri(slow).header("Authorization", bearer())).cache())
			.collectList()
			.block();
		inFlight.forEach(Mono::subscribe);
		await(() -> POINTS.hits(slow) == 4);

		String refusedPath = unique("/api/store/redemptions");
		List<Answer> refused = Flux.range(0, 10)
			.flatMap((i) -> answer(http.get().uri(refusedPath).header("Authorization", bearer())))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(refused).hasSize(10).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.millis()).as("refused at once, not after the requests in flight").isLessThan(500);
			assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			assertThat(answer.retryAfter()).isEqualTo("1");
			assertThat(answer.body()).contains("\"status\":503").contains("积分服务繁忙，请稍后再试");
		});
		assertThat(POINTS.hits(refusedPath)).as("a refused request never reaches the service").isZero();

		// Other routes have limits of their own.
		client().get().uri(unique("/api/orders")).header("Authorization", bearer()).exchange().expectStatus().isOk();

		List<Answer> served = Flux.concat(inFlight).collectList().block(Duration.ofSeconds(30));
		assertThat(served).extracting(Answer::status).containsExactly(200, 200, 200, 200);
		CircuitBreaker breaker = breakers.circuitBreaker("points-service");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("a refusal is not a failure of the service")
			.isZero();
		assertThat(meters.get("civic.gateway.admission.refused").tag("route", "points-service").counter().count())
			.isGreaterThanOrEqualTo(10);

		// The slots are free again: the route takes requests.
		String after = unique("/api/store/redemptions");
		client().get().uri(after).header("Authorization", bearer()).exchange().expectStatus().isOk();
		assertThat(POINTS.hits(after)).isEqualTo(1);
	}

	@Test
	void theEventStreamIsNotCountedAgainstTheLimit() {
		WebClient http = WebClient.create("http://127.0.0.1:" + port);
		// More streams than the limit, open at the same time: each is served.
		List<Integer> statuses = Flux.range(0, 6)
			.flatMap((i) -> http.get()
				.uri("/api/events/stream/sse/2/300")
				.header("Authorization", bearer())
				.exchangeToMono(
						(response) -> response.bodyToMono(String.class).thenReturn(response.statusCode().value())))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(6).containsOnly(200);
	}

	private record Answer(int status, long millis, String contentType, String retryAfter, String body) {
	}

	private static Mono<Answer> answer(WebClient.RequestHeadersSpec<?> request) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return request.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Answer(response.statusCode().value(), (System.nanoTime() - started) / 1_000_000,
						response.headers().contentType().map(MediaType::toString).orElse(""),
						response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), body)));
		});
	}

	private static void await(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
