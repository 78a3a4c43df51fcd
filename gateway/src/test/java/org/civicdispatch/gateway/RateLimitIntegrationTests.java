package org.civicdispatch.gateway;

import java.util.UUID;

import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each signed-in user, and each client address without a token, has a bucket of its own.
 * Here a bucket allows a burst of 2 requests and then one every 10 s (1 token/s, 10 per
 * request).
 */
@TestPropertySource(properties = { "civic.gateway.rate-limit.per-user.replenish-rate=1",
		"civic.gateway.rate-limit.per-user.burst-capacity=20", "civic.gateway.rate-limit.per-user.requested-tokens=10",
		"civic.gateway.rate-limit.per-client-address.replenish-rate=1",
		"civic.gateway.rate-limit.per-client-address.burst-capacity=20",
		"civic.gateway.rate-limit.per-client-address.requested-tokens=10" })
class RateLimitIntegrationTests extends GatewayTestSupport {

	@Test
	void eachSignedInUserHasALimitOfTheirOwn() {
		double refusedBefore = refusals("order-service", "user");
		String alice = bearer(UUID.randomUUID());
		String bob = bearer(UUID.randomUUID());
		for (int i = 0; i < 2; i++) {
			client().get().uri(unique("/api/orders")).header("Authorization", alice).exchange().expectStatus().isOk();
		}
		String refused = unique("/api/orders");
		expectTooMany(client().get().uri(refused).header("Authorization", alice).exchange());
		assertThat(ORDERS.hits(refused)).as("a refused request never reaches the service").isZero();
		assertThat(refusals("order-service", "user")).isEqualTo(refusedBefore + 1);

		client().get()
			.uri(unique("/api/points/accounts"))
			.header("Authorization", bob)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void loginAndRegisterAreLimitedByClientAddress() {
		double refusedBefore = refusals("volunteer-service", "client-address");
		for (int i = 0; i < 2; i++) {
			client().post()
				.uri(i == 0 ? "/api/auth/login" : "/api/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"phone\":\"13800000000\",\"password\":\"wrong-password\"}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		int before = VOLUNTEERS.hits("/api/auth/login");
		expectTooMany(client().post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"phone\":\"13800000000\",\"password\":\"wrong-password\"}")
			.exchange());
		assertThat(VOLUNTEERS.hits("/api/auth/login")).isEqualTo(before);
		assertThat(refusals("volunteer-service", "client-address")).isEqualTo(refusedBefore + 1);

		// A signed-in caller from the same address has its own bucket.
		client().get().uri(unique("/api/teams")).header("Authorization", bearer()).exchange().expectStatus().isOk();
	}

	/**
	 * {@code civic_gateway_rate_limited_total} for a route and a limit, as Prometheus
	 * scrapes it (0 before the first).
	 */
	private double refusals(String route, String limit) {
		String scraped = client().get()
			.uri("/actuator/prometheus")
			.header("Authorization", TestTokens.bearer(TestTokens.forUser(UUID.randomUUID(), "管理员", "ADMIN")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return scraped.lines()
			.filter((line) -> line.startsWith("civic_gateway_rate_limited_total{")
					&& line.contains("route=\"" + route + "\"") && line.contains("limit=\"" + limit + "\"")
					&& line.contains("service=\"gateway\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static void expectTooMany(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).startsWith("请求过于频繁"));
	}

}
