package org.civicdispatch.web;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * When the signing keys cannot be fetched, a request is answered 503, not 401 (the token
 * may be fine) nor 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"civic.security.issuer=" + LocalTokens.ISSUER, "civic.security.jwks-uri=http://127.0.0.1:9/no-keys-here" })
class UnreachableKeysTests {

	@LocalServerPort
	int port;

	@Test
	void unreachableKeysAre503Problem() {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/api/whoami")
			.headers((headers) -> headers
				.setBearerAuth(LocalTokens.forUser(UUID.randomUUID(), "张三", Set.of("RESIDENT"), Set.of())))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503);
	}

}
