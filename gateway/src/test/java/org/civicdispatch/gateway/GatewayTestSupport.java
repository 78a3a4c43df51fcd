package org.civicdispatch.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import org.civicdispatch.testing.TestTokens;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real gateway on a random port in front of three {@link FakeService}s (one per
 * service, shared by every test class in the JVM), checking tokens from
 * {@link TestTokens}. Tests use their own paths, so the counts of one never meet
 * another's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
		// Small windows so a handful of requests shows a breaker's behaviour; it stays
		// open for the test.
		"resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
		"resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4",
		"resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=60s",
		"resilience4j.timelimiter.configs.default.timeout-duration=1500ms",
		// Only the rate-limit, client-address and sign-up day tests are about limits.
		"civic.gateway.rate-limit.per-user.burst-capacity=10000",
		"civic.gateway.rate-limit.per-user.replenish-rate=10000",
		"civic.gateway.rate-limit.per-client-address.burst-capacity=10000",
		"civic.gateway.rate-limit.per-client-address.replenish-rate=10000" })
abstract class GatewayTestSupport {

	static final FakeService VOLUNTEERS = FakeService.started("volunteer-service");

	static final FakeService ORDERS = FakeService.started("order-service");

	static final FakeService POINTS = FakeService.started("points-service");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("VOLUNTEER_SERVICE_URL", VOLUNTEERS::url);
		registry.add("ORDER_SERVICE_URL", ORDERS::url);
		registry.add("POINTS_SERVICE_URL", POINTS::url);
		registry.add("civic.security.jwks-uri", TestTokens::jwksUri);
		registry.add("civic.security.issuer", () -> TestTokens.ISSUER);
	}

	WebTestClient client() {
		return client(port);
	}

	/**
	 * A client like a browser tab: a connection of its own, closed after the exchange.
	 */
	static WebTestClient client(int port) {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(15))
			.build();
	}

	static String bearer() {
		return bearer(UUID.randomUUID());
	}

	static String bearer(UUID userId) {
		return TestTokens.bearer(TestTokens.forUser(userId, "测试居民", "RESIDENT"));
	}

	/** A port nothing listens on yet. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A path of its own for one test, under a service's prefix. */
	static String unique(String prefix) {
		return prefix + "/" + UUID.randomUUID();
	}

}
