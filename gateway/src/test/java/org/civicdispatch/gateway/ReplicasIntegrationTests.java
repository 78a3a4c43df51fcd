package org.civicdispatch.gateway;

import java.time.Duration;

import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civicdispatch.gateway.GatewayTestSupport.bearer;
import static org.civicdispatch.gateway.GatewayTestSupport.unique;

/**
 * Two instances of order-service behind {@code ORDER_SERVICE_URL=lb://order-service},
 * listed as the local stack lists its replicas: requests go to both; while one is down
 * every request, a plain POST too, reaches the other; once it is back it gets its share
 * again. (Not a {@link GatewayTestSupport}: its one URL per service is what this test
 * replaces.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.gateway.rate-limit.per-user.burst-capacity=10000",
				"civic.gateway.rate-limit.per-user.replenish-rate=10000" })
class ReplicasIntegrationTests {

	static final FakeService VOLUNTEERS = FakeService.started("volunteer-service");

	static final FakeService ORDERS = FakeService.started("order-service");

	static final FakeService SECOND_ORDERS = FakeService.started("order-service-2");

	static final FakeService POINTS = FakeService.started("points-service");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void twoOrderServices(DynamicPropertyRegistry registry) {
		registry.add("VOLUNTEER_SERVICE_URL", VOLUNTEERS::url);
		registry.add("POINTS_SERVICE_URL", POINTS::url);
		registry.add("civic.security.jwks-uri", TestTokens::jwksUri);
		registry.add("civic.security.issuer", () -> TestTokens.ISSUER);
		registry.add("ORDER_SERVICE_URL", () -> "lb://order-service");
		registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", ORDERS::url);
		registry.add("spring.cloud.discovery.client.simple.instances.order-service[1].uri", SECOND_ORDERS::url);
		registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "300ms");
	}

	WebTestClient client() {
		return GatewayTestSupport.client(this.port);
	}

	@AfterEach
	void bothUp() {
		ORDERS.start();
		SECOND_ORDERS.start();
	}

	@Test
	void requestsGoToBothInstancesAndOnlyToTheLiveOneWhileTheOtherIsDown() {
		String path = unique("/api/orders");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			client().get().uri(path).header("Authorization", bearer()).exchange().expectStatus().isOk();
			assertThat(ORDERS.hits(path)).isPositive();
			assertThat(SECOND_ORDERS.hits(path)).isPositive();
		});

		SECOND_ORDERS.stop();
		String posted = unique("/api/orders");
		for (int i = 0; i < 20; i++) {
			// a plain POST is never repeated once it may have reached a service, but one
			// that could not
			// connect is sent to the other instance
			client().post()
				.uri(posted)
				.header("Authorization", bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"n\":" + i + "}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(ORDERS.hits(posted)).isEqualTo(20);
		assertThat(SECOND_ORDERS.hits(posted)).isZero();

		SECOND_ORDERS.start();
		String after = unique("/api/orders");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			client().get().uri(after).header("Authorization", bearer()).exchange().expectStatus().isOk();
			assertThat(SECOND_ORDERS.hits(after)).isPositive();
		});
	}

	@Test
	void theApiDescriptionIsReadFromAnInstanceThatAnswers() {
		SECOND_ORDERS.stop();
		client().get().uri("/v3/api-docs").exchange().expectStatus().isOk();
	}

}
