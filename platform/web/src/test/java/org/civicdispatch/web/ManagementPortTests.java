package org.civicdispatch.web;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator on a port of its own, as compose and Kubernetes run it
 * ({@code MANAGEMENT_PORT}): Prometheus scrapes it without a token, while the
 * application's port still asks for ADMIN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.security.issuer=" + LocalTokens.ISSUER, "spring.application.name=web-test",
				"management.server.port=0",
				"management.endpoints.web.exposure.include=health,info,metrics,prometheus" })
class ManagementPortTests {

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("civic.security.jwks-uri", LocalTokens::jwksUri);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient application;

	WebTestClient management;

	@BeforeEach
	void clients() {
		application = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
	}

	@Test
	void prometheusScrapesTheManagementPortWithoutATokenAndEveryMeterNamesTheService() {
		assertThat(managementPort).isNotEqualTo(port);
		String scraped = management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).startsWith("text/plain"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scraped).contains("jvm_memory_used_bytes{").contains("service=\"web-test\"");
		assertThat(scraped.lines().filter((line) -> !line.startsWith("#") && !line.isBlank()))
			.allSatisfy((sample) -> assertThat(sample).contains("service=\"web-test\""));
		management.get().uri("/actuator/health").exchange().expectStatus().isOk();
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		// only the actuator is open there: whatever else the port may answer still needs
		// a token
		management.get().uri("/api/whoami").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void theApplicationsPortStillAsksForAnAdministratorAndServesNoActuatorToThem() {
		String resident = LocalTokens.forUser(UUID.randomUUID(), "李四", Set.of("RESIDENT", "STAFF"), Set.of());
		String admin = LocalTokens.forUser(UUID.randomUUID(), "管理员", Set.of("ADMIN"), Set.of());
		application.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		application.get()
			.uri("/actuator/prometheus")
			.headers((headers) -> headers.setBearerAuth(resident))
			.exchange()
			.expectStatus()
			.isForbidden();
		application.get()
			.uri("/actuator/prometheus")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isNotFound();
		application.get().uri("/public/hello").exchange().expectStatus().isOk();
	}

}
