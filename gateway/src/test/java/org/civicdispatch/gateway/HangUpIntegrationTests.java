package org.civicdispatch.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.testing.HangingUpClients;
import org.civicdispatch.testing.HangingUpClients.Call;
import org.civicdispatch.testing.HangingUpClients.Report;
import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phones hang up mid-request all the time, at the gateway too: thousands of clients hang
 * up in every phase of requests to every service (public reads, reads with a token, slow
 * answers the gateway is still waiting for, changes with a body). Afterwards no
 * connection to a service is left in use, no breaker counted a hang-up as the service's
 * failure, and the gateway answers at once.
 */
class HangUpIntegrationTests extends GatewayTestSupport {

	private static final Logger log = LoggerFactory.getLogger(HangUpIntegrationTests.class);

	/** Hang-ups per endpoint family. */
	private static final int PER_FAMILY = 800;

	private static final Duration AT_ONCE = Duration.ofSeconds(2);

	/** For the first answers of a fresh gateway. */
	private static final Duration WARM_UP = Duration.ofSeconds(20);

	/**
	 * How long the requests still running when the clients are gone may take to finish.
	 */
	private static final Duration SETTLE = Duration.ofSeconds(10);

	@Autowired
	MeterRegistry meters;

	@Autowired
	CircuitBreakerRegistry breakers;

	@Test
	void clientsHangingUpMidRequestLeaveNoConnectionToAServiceInUseAndTheGatewayAnswersAtOnce() {
		String token = TestTokens.forUser(UUID.randomUUID(), "测试居民", "RESIDENT");
		String order = unique("/api/orders");
		Map<String, List<Call>> families = new LinkedHashMap<>();
		families.put("public reads", List.of(Call.get("/api/catalog"), Call.get("/api/org-units"),
				Call.get("/api/store/items"), Call.get("/actuator/health")));
		families.put("reads with a token",
				List.of(Call.get(order, token), Call.get("/api/me", token), Call.get(unique("/api/teams"), token),
						Call.get("/api/points/accounts/me", token), Call.get(unique("/api/orders") + "/slow/5", token),
						Call.get(unique("/api/teams") + "/slow/30", token),
						Call.get(unique("/api/store/redemptions") + "/slow/100", token)));
		families.put("changes",
				List.of(Call.post("/api/orders", token, "{\"category\":\"ELDERLY\",\"title\":\"帮忙\"}"),
						Call.post(order + "/cancel", token, "{\"reason\":\"不需要了\"}"),
						Call.post("/api/store/redemptions", token, "{\"quantity\":1}"),
						Call.patch(unique("/api/teams"), token, "{\"capacity\":4}"),
						Call.post(unique("/api/orders") + "/slow/20", token, "{}")));

		// the first answers of a fresh gateway are slow (classes load, code warms up):
		// not what is measured here
		answers(WARM_UP, token, "before any hang-up");

		HangingUpClients clients = HangingUpClients.of(port);
		int hungUp = 0;
		for (Map.Entry<String, List<Call>> family : families.entrySet()) {
			Report report = clients.hangUp(family.getValue(), PER_FAMILY);
			hungUp += report.beforeAnswer() + report.duringAnswer();
			String when = "after hang-ups on the " + family.getKey();
			Connections connections = awaitNoneInUse(when);
			for (CircuitBreaker breaker : breakers.getAllCircuitBreakers()) {
				assertThat(breaker.getState()).as("%s's breaker %s", breaker.getName(), when)
					.isEqualTo(CircuitBreaker.State.CLOSED);
			}
			long answeredMs = answers(AT_ONCE, token, when);
			log.info("{}: {}; connections to the services: {}; health, the catalogue and an order answered in {} ms",
					family.getKey(), report, connections, answeredMs);
		}
		assertThat(hungUp).as("requests hung up before or while they were answered").isGreaterThan(1500);
	}

	/**
	 * Health, a public read and a read with a token, each answered 200 within
	 * {@code within}; how long all three took.
	 */
	private long answers(Duration within, String token, String when) {
		long start = System.nanoTime();
		assertThat(HangingUpClients.answerWithin(within, port, "/actuator/health", null).statusCode())
			.as("health %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/catalog", null).statusCode())
			.as("catalogue %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, unique("/api/orders"), token).statusCode())
			.as("an order %s", when)
			.isEqualTo(200);
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	/** The gateway's pooled connections to the services. */
	record Connections(long active, long idle, long pending) {

		@Override
		public String toString() {
			return "%d in use, %d idle, %d waited for".formatted(this.active, this.idle, this.pending);
		}

	}

	private Connections connections() {
		return new Connections(sum("reactor.netty.connection.provider.active.connections"),
				sum("reactor.netty.connection.provider.idle.connections"),
				sum("reactor.netty.connection.provider.pending.connections"));
	}

	private long sum(String gauge) {
		return (long) meters.find(gauge).gauges().stream().mapToDouble(Gauge::value).sum();
	}

	private Connections awaitNoneInUse(String when) {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		Connections connections = connections();
		while (connections.active() > 0 || connections.pending() > 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(
						"Connections to the services still in use " + SETTLE + " " + when + ": " + connections);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			connections = connections();
		}
		assertThat(meters.find("reactor.netty.connection.provider.active.connections").gauges())
			.as("the gateway's connection pool reports its connections")
			.isNotEmpty();
		return connections;
	}

}
