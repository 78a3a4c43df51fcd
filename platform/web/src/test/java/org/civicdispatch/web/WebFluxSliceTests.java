package org.civicdispatch.web;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service's {@code @WebFluxTest} slice gets the same security, problems and CurrentUser
 * as the running service.
 */
@WebFluxTest(controllers = WebTestApplication.ThingController.class,
		properties = "civic.security.issuer=" + LocalTokens.ISSUER)
class WebFluxSliceTests {

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("civic.security.jwks-uri", LocalTokens::jwksUri);
	}

	@Autowired
	WebTestClient client;

	@Test
	void sliceChecksTokensAndAnswersProblems() {
		client.get().uri("/api/whoami").exchange().expectStatus().isUnauthorized();
		String token = LocalTokens.forUser(UUID.randomUUID(), "切片", Set.of("RESIDENT"), Set.of());
		client.get()
			.uri("/api/whoami")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("切片");
		client.post()
			.uri("/api/things")
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("capacity", 2))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name");
		// The same strict JSON as the running service: a fraction is not rounded into an
		// integer.
		client.post()
			.uri("/api/things")
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"切片\", \"capacity\": 2.5}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("capacity");
	}

}
