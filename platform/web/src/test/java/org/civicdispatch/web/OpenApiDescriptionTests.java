package org.civicdispatch.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service with springdoc on its class path describes itself at {@code /v3/api-docs},
 * without a token, as OpenAPI 3.1: problem+json error answers on every operation, a
 * Bearer token except on the public paths, and operation ids that name the controller.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.security.issuer=" + LocalTokens.ISSUER, "spring.application.name=thing-service",
				"civic.security.public-paths=GET /public/**,GET /api/things/*" })
class OpenApiDescriptionTests {

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("civic.security.jwks-uri", LocalTokens::jwksUri);
	}

	@LocalServerPort
	int port;

	JsonNode description;

	@BeforeEach
	void readDescription() {
		byte[] body = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		description = JsonMapper.builder().build().readTree(body);
	}

	@Test
	void isOpenApi31WithBearerTokensByDefault() {
		assertThat(description.path("openapi").asString()).isEqualTo("3.1.0");
		assertThat(description.path("info").path("title").asString()).contains("thing-service");
		JsonNode bearer = description.path("components").path("securitySchemes").path("bearerAuth");
		assertThat(bearer.path("type").asString()).isEqualTo("http");
		assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
		assertThat(description.path("security").get(0).has("bearerAuth")).isTrue();
	}

	@Test
	void publicOperationsNeedNoTokenAndTheOthersKeepTheDocumentsRequirement() {
		JsonNode thing = description.path("paths").path("/api/things/{id}").path("get");
		assertThat(thing.path("security").isArray()).isTrue();
		assertThat(thing.path("security")).isEmpty();
		assertThat(description.path("paths").path("/api/things").path("post").has("security")).isFalse();
	}

	@Test
	void onlyThePublicApiIsDescribed() {
		assertThat(description.path("paths").propertyNames()).allMatch((path) -> path.startsWith("/api/"))
			.contains("/api/things", "/api/things/{id}", "/api/whoami");
	}

	@Test
	void everyOperationDescribesItsProblemAnswers() {
		int operations = 0;
		for (Map.Entry<String, JsonNode> path : description.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				operations++;
				JsonNode responses = operation.getValue().path("responses");
				for (String status : List.of("400", "401", "403", "404", "409", "429", "503")) {
					assertThat(responses.path(status)
						.path("content")
						.path("application/problem+json")
						.path("schema")
						.path("$ref")
						.asString()).as("%s %s answers %s", operation.getKey(), path.getKey(), status)
						.isEqualTo("#/components/schemas/Problem");
				}
			}
		}
		assertThat(operations).isGreaterThanOrEqualTo(6);
		JsonNode problem = description.path("components").path("schemas").path("Problem");
		assertThat(problem.path("properties").propertyNames()).containsExactly("type", "title", "status", "detail",
				"instance", "requestId", "errors");
		assertThat(problem.path("properties").path("status").path("type").asString()).isEqualTo("integer");
		assertThat(problem.path("properties").path("errors").path("items").path("$ref").asString())
			.isEqualTo("#/components/schemas/FieldError");
		assertThat(description.path("components").path("schemas").path("FieldError").path("properties").propertyNames())
			.containsExactly("field", "message");
	}

	@Test
	void theCallerComesFromTheTokenNotFromParameters() {
		JsonNode create = description.path("paths").path("/api/things").path("post");
		assertThat(create.path("operationId").asString()).isEqualTo("thingCreate");
		assertThat(create.path("parameters")).isEmpty();
		assertThat(create.path("requestBody").path("content").has("application/json")).isTrue();
		assertThat(description.path("paths").path("/api/whoami").path("get").path("parameters")).isEmpty();
		assertThat(create.path("responses").has("201")).isTrue();
	}

}
