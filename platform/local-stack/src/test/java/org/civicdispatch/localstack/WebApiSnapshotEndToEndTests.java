package org.civicdispatch.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web apps are type-checked against {@code web/openapi.json} (their build generates
 * TypeScript types from it and checks the app's own API types against them), so that file
 * must be the API the gateway describes: when the API changes, this test fails until the
 * file is written again ({@code -Dapi.snapshot.update=true}) and the apps still build
 * against it.
 */
class WebApiSnapshotEndToEndTests {

	private static final Path SNAPSHOT = Path.of("../../web/openapi.json").toAbsolutePath().normalize();

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	@Test
	void theWebAppsAreCheckedAgainstTheApiTheGatewayDescribes() throws IOException {
		JsonNode described = inStableOrder(Platform.gateway().get("/v3/api-docs", null).expect(200).json());
		assertThat(described.path("info").has("x-unavailable-services")).as("every service is up").isFalse();
		if (Boolean.getBoolean("api.snapshot.update")) {
			Files.writeString(SNAPSHOT, JSON.writeValueAsString(JSON.treeToValue(described, Object.class)) + "\n",
					StandardCharsets.UTF_8);
		}
		JsonNode snapshot = inStableOrder(JSON.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8)));
		assertThat(snapshot)
			.as("web/openapi.json differs from the gateway's /v3/api-docs: write it again with "
					+ "./scripts/test.sh -pl platform/local-stack -am -Dtest=WebApiSnapshotEndToEndTests "
					+ "-Dsurefire.failIfNoSpecifiedTests=false -Dapi.snapshot.update=true, then build web/")
			.isEqualTo(described);
	}

	/**
	 * Lists of plain strings ({@code required}, {@code enum}, tags) in sorted order:
	 * their order means nothing.
	 */
	private static JsonNode inStableOrder(JsonNode node) {
		if (node.isObject()) {
			ObjectNode sorted = JSON.createObjectNode();
			node.propertyNames().stream().sorted().forEach((name) -> sorted.set(name, inStableOrder(node.get(name))));
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode items = JSON.createArrayNode();
			List<JsonNode> elements = new ArrayList<>();
			node.values().forEach((element) -> elements.add(inStableOrder(element)));
			if (elements.stream().allMatch(JsonNode::isString)) {
				elements.sort(Comparator.comparing(JsonNode::asString));
			}
			elements.forEach(items::add);
			return items;
		}
		return node;
	}

}
