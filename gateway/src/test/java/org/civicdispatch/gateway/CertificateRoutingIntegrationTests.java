package org.civicdispatch.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 志愿服务证明 through the gateway: the PDF on a route of its own (no breaker, no retry: a 503
 * of the service, such as its missing font, reaches the client as the service gave it and
 * never opens volunteer-service's breaker), and the public check of a code.
 */
class CertificateRoutingIntegrationTests extends GatewayTestSupport {

	@Autowired
	CircuitBreakerRegistry breakers;

	@BeforeEach
	@AfterEach
	void closeAllBreakers() {
		VOLUNTEERS.start();
		breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	@Test
	void theCertificateReachesVolunteerServiceWithTheCallersToken() {
		String token = bearer();
		client().get()
			.uri("/api/volunteers/7b0c/certificate.pdf?from=2026-01-01&to=2026-12-31")
			.header("Authorization", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("volunteer-service")
			.jsonPath("$.path")
			.isEqualTo("/api/volunteers/7b0c/certificate.pdf")
			.jsonPath("$.query")
			.isEqualTo("from=2026-01-01&to=2026-12-31")
			.jsonPath("$.authorization")
			.isEqualTo(token);
		client().get()
			.uri("/api/volunteers/7b0c/certificate.pdf")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anyoneChecksACodeWithoutAToken() {
		client().get()
			.uri("/api/certificates/23456789ABCD")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("volunteer-service")
			.jsonPath("$.path")
			.isEqualTo("/api/certificates/23456789ABCD")
			.jsonPath("$.authorization")
			.isEqualTo("");
		// only the check is public
		client().post().uri("/api/certificates/23456789ABCD").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void aCertificateTheServiceCannotWriteIsItsOwn503AndLeavesTheBreakerClosed() {
		String path = "/api/volunteers/flaky/certificate.pdf";
		int before = VOLUNTEERS.hits(path);
		for (int i = 0; i < 6; i++) {
			client().get()
				.uri(path + "?failures=1000")
				.header("Authorization", bearer())
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				// the service's own answer, not the gateway's "志愿者服务暂时不可用"
				.jsonPath("$.service")
				.isEqualTo("volunteer-service")
				.jsonPath("$.path")
				.isEqualTo(path);
		}
		// each download asked once: never repeated (each would be a new certificate)
		assertThat(VOLUNTEERS.hits(path) - before).isEqualTo(6);
		assertThat(breakers.circuitBreaker("volunteer-service").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		client().get().uri(unique("/api/teams")).header("Authorization", bearer()).exchange().expectStatus().isOk();
	}

}
