package org.civicdispatch.gateway;

import java.util.UUID;

import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each API prefix reaches its service; the public paths need no token; health follows
 * readiness.
 */
class RoutingIntegrationTests extends GatewayTestSupport {

	@Autowired
	ApplicationContext context;

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({ "/api/auth/refresh, volunteer-service", "/api/me, volunteer-service",
			"/api/org-units, volunteer-service", "/api/org-units/7b0c, volunteer-service",
			"/api/staff, volunteer-service", "/api/users, volunteer-service", "/api/volunteers, volunteer-service",
			"/api/volunteers/7b0c/service-records, volunteer-service", "/api/teams, volunteer-service",
			"/api/teams/7b0c/members, volunteer-service", "/api/orders, order-service",
			"/api/orders/7b0c/accept, order-service", "/api/catalog, order-service",
			"/api/catalog/THEORY, order-service", "/api/events/stream, order-service",
			"/api/photos/7b0c, order-service", "/api/photos/7b0c/thumbnail, order-service",
			"/api/orders/7b0c/photos, order-service", "/api/points/accounts/me, points-service",
			"/api/points/leaderboard, points-service", "/api/store/items, points-service",
			"/api/store/redemptions/7b0c/fulfil, points-service", "/api/stats/orders, order-service",
			"/api/orders/export, order-service", "/api/orders/7b0c/urge, order-service",
			"/api/stats/points, points-service", "/api/wishes, order-service", "/api/wishes/7b0c/claim, order-service",
			"/api/dispatch/stations/7b0c, order-service", "/api/orders/pool, order-service",
			"/api/activities, volunteer-service", "/api/activities/7b0c/check-in-code, volunteer-service",
			"/api/activities/signups/me, volunteer-service" })
	void everyPrefixReachesItsService(String path, String service) {
		String token = bearer();
		client().get()
			.uri(path + "?page=0&size=20")
			.header("Authorization", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo(service)
			.jsonPath("$.path")
			.isEqualTo(path)
			.jsonPath("$.query")
			.isEqualTo("page=0&size=20")
			.jsonPath("$.authorization")
			.isEqualTo(token);
	}

	@Test
	void postsAndTheirBodiesReachTheService() {
		client().post()
			.uri("/api/orders")
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"category\":\"ELDERLY\",\"title\":\"陪老人就医\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("order-service")
			.jsonPath("$.method")
			.isEqualTo("POST")
			.jsonPath("$.bodyLength")
			.isEqualTo("{\"category\":\"ELDERLY\",\"title\":\"陪老人就医\"}".getBytes().length);
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "POST, /api/auth/register, volunteer-service", "POST, /api/auth/login, volunteer-service",
			"GET, /api/catalog, order-service", "GET, /api/org-units, volunteer-service",
			"GET, /api/store/items, points-service", "GET, /api/wishes, order-service",
			"GET, /api/wishes/7b0c, order-service", "GET, /api/activities, volunteer-service",
			"GET, /api/activities/7b0c, volunteer-service" })
	void publicPathsNeedNoToken(HttpMethod method, String path, String service) {
		client().method(method)
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo(service)
			.jsonPath("$.authorization")
			.isEqualTo("");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "POST, /api/catalog", "POST, /api/org-units", "POST, /api/store/items", "GET, /api/orders",
			"GET, /api/me", "GET, /api/store/redemptions", "POST, /api/auth/other", "POST, /api/wishes",
			"POST, /api/wishes/7b0c/claim", "GET, /api/orders/pool", "PUT, /api/dispatch/stations/7b0c",
			"POST, /api/activities", "GET, /api/activities/signups/me", "GET, /api/activities/7b0c/signups",
			"POST, /api/activities/7b0c/signups" })
	void everythingElseNeedsOne(HttpMethod method, String path) {
		int before = VOLUNTEERS.hits(path) + ORDERS.hits(path) + POINTS.hits(path);
		client().method(method)
			.uri(path)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(VOLUNTEERS.hits(path) + ORDERS.hits(path) + POINTS.hits(path)).isEqualTo(before);
	}

	@Test
	void aPathNoServiceOwnsIsA404Problem() {
		client().get()
			.uri("/api/nowhere/" + UUID.randomUUID())
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.detail")
			.isEqualTo("找不到请求的资源");
	}

	@Test
	void theBreakerFallbackCannotBeCalledFromOutside() {
		client().get()
			.uri("/fallback/points-service")
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void metricsInfoAndTheActuatorIndexAreForAdministrators() {
		client().get().uri(unique("/api/orders")).header("Authorization", bearer()).exchange().expectStatus().isOk();
		for (String path : new String[] { "/actuator", "/actuator/", "/actuator/metrics", "/actuator/info",
				"/actuator/prometheus" }) {
			client().get().uri(path).exchange().expectStatus().isUnauthorized();
			client().get()
				.uri(path)
				.header("Authorization", bearer())
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		String admin = TestTokens.bearer(TestTokens.forUser(UUID.randomUUID(), "管理员", "RESIDENT", "ADMIN"));
		client().get()
			.uri("/actuator")
			.header("Authorization", admin)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$._links.metrics")
			.exists();
		client().get()
			.uri("/actuator/metrics/spring.cloud.gateway.requests")
			.header("Authorization",
					TestTokens.bearer(TestTokens.forUser(UUID.randomUUID(), "管理员", "RESIDENT", "ADMIN")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("spring.cloud.gateway.requests");
		client().get()
			.uri("/actuator/prometheus")
			.header("Authorization", admin)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((scraped) -> assertThat(scraped).contains("spring_cloud_gateway_requests_seconds_count{")
				.contains("service=\"gateway\""));
	}

	@Test
	void healthIsUpWithoutAnyTokenAndFollowsReadiness() {
		client().get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

		AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		try {
			client().get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("OUT_OF_SERVICE");
			client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		}
		finally {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		client().get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

}
