package org.civicdispatch.gateway;

import java.io.IOException;
import java.util.UUID;

import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code civic.gateway.rate-limit.store=redis} (the compose deployment) two gateway
 * instances share each user's bucket through a real Redis: a burst of 2 per user, then
 * one every 10 s.
 */
class SharedRateLimitIntegrationTests {

	static RedisServer redis;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	/**
	 * Both gateways and Redis stop when the JVM exits, like the test framework's cached
	 * contexts: closing a gateway earlier would dispose Reactor Netty's shared event
	 * loops under the other gateways still running in this JVM.
	 */
	@BeforeAll
	static void twoGatewaysOnOneRedis() throws IOException {
		int redisPort = GatewayTestSupport.freePort();
		redis = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(redisPort)
			.setting("save \"\"")
			.onShutdownForceStop(true)
			.build();
		redis.start();
		first = gateway(redisPort);
		second = gateway(redisPort);
	}

	@Test
	void aUsersBucketIsSharedByEveryGatewayInstance() {
		String user = GatewayTestSupport.bearer(UUID.randomUUID());
		call(first, user).expectStatus().isOk();
		call(second, user).expectStatus().isOk();
		call(first, user).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
		call(second, user).expectStatus().isEqualTo(429);

		call(second, GatewayTestSupport.bearer(UUID.randomUUID())).expectStatus().isOk();
	}

	private static WebTestClient.ResponseSpec call(ConfigurableApplicationContext gateway, String token) {
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		return GatewayTestSupport.client(port)
			.get()
			.uri(GatewayTestSupport.unique("/api/orders"))
			.header("Authorization", token)
			.exchange();
	}

	private static ConfigurableApplicationContext gateway(int redisPort) {
		// Command-line arguments, which win over application.yml (builder properties
		// would not).
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--ORDER_SERVICE_URL=" + GatewayTestSupport.ORDERS.url(),
				"--civic.security.jwks-uri=" + TestTokens.jwksUri(), "--civic.security.issuer=" + TestTokens.ISSUER,
				"--civic.gateway.rate-limit.store=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redisPort, "--civic.gateway.rate-limit.per-user.replenish-rate=1",
				"--civic.gateway.rate-limit.per-user.burst-capacity=20",
				"--civic.gateway.rate-limit.per-user.requested-tokens=10");
	}

}
