package org.civicdispatch.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway serves one OpenAPI description of the whole API at {@code /v3/api-docs} and
 * Swagger UI at {@code /swagger-ui.html}, both to anyone; the API behind them still needs
 * tokens.
 */
class ApiDocsIntegrationTests extends GatewayTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void oneDescriptionHoldsEveryServicesPathsAndNeedsNoToken() {
		JsonNode description = combinedDescription();

		assertThat(description.path("openapi").asString()).isEqualTo("3.1.0");
		assertThat(description.path("paths").propertyNames()).contains("/api/volunteer-service/things",
				"/api/order-service/things", "/api/points-service/things");
		assertThat(description.path("paths").path("/api/order-service/things").path("get").path("x-service").asString())
			.isEqualTo("order-service");
		// every path is reached through the gateway, not at a service's own address
		assertThat(description.has("servers")).isFalse();
		assertThat(description.path("security").get(0).has("bearerAuth")).isTrue();
		assertThat(description.path("components").path("securitySchemes").has("bearerAuth")).isTrue();
		assertThat(description.path("tags")).hasSize(1);
	}

	@Test
	void componentsNamedAlikeButDifferentKeepEachServicesMeaning() {
		JsonNode description = combinedDescription();
		JsonNode schemas = description.path("components").path("schemas");

		assertThat(schemas.propertyNames()).containsExactlyInAnyOrder("Thing", "OrderThing", "PointsThing", "Problem");
		assertThat(schemas.path("OrderThing").path("properties").has("order-service")).isTrue();
		assertThat(description.path("paths")
			.path("/api/order-service/things")
			.path("get")
			.path("responses")
			.path("200")
			.path("content")
			.path("application/json")
			.path("schema")
			.path("items")
			.path("$ref")
			.asString()).isEqualTo("#/components/schemas/OrderThing");
		List<String> operationIds = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : description.path("paths").properties()) {
			operationIds.add(path.getValue().path("get").path("operationId").asString());
		}
		assertThat(operationIds).doesNotHaveDuplicates().hasSize(7);
	}

	@Test
	void whetherAnOperationNeedsATokenIsWhatTheGatewaySays() {
		JsonNode paths = combinedDescription().path("paths");

		// public at the gateway (civic.security.public-paths), though the service did not
		// say so
		assertThat(paths.path("/api/catalog").path("get").path("security").isArray()).isTrue();
		assertThat(paths.path("/api/catalog").path("get").path("security")).isEmpty();
		// the service would let it through without a token, the gateway does not
		assertThat(paths.path("/api/order-service/open").path("get").has("security")).isFalse();
		client().get().uri("/api/order-service/open").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void swaggerUiIsOpenAndShowsTheCombinedDescription() {
		String location = client().get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.returnResult(String.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		client().get()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		client().get()
			.uri("/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("/v3/api-docs");
	}

	@Test
	void theApiBehindTheDescriptionStillNeedsAToken() {
		client().get()
			.uri("/api/orders")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private JsonNode combinedDescription() {
		byte[] body = client().get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

}
