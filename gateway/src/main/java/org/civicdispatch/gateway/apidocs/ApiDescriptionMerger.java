package org.civicdispatch.gateway.apidocs;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.civicdispatch.web.PublicEndpoints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;

/**
 * Merges the services' OpenAPI descriptions into the one a client of the gateway reads:
 * every path of every service, each operation marked with {@code x-service}, and the
 * components they refer to. A component that two services name alike but define
 * differently is renamed in the later one (with the service's name in front, its
 * references rewritten), and so is an operation id taken already; the services' own
 * server URLs are dropped, since every path is reached through the gateway, and whether
 * an operation needs a token is what the gateway's own public paths say: those are the
 * rules its clients meet.
 */
final class ApiDescriptionMerger {

	static final String OPENAPI_VERSION = "3.1.0";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private final ObjectNode merged = NODES.objectNode();

	private final ObjectNode paths = NODES.objectNode();

	private final ObjectNode components = NODES.objectNode();

	private final Map<String, ObjectNode> tags = new LinkedHashMap<>();

	private final Set<String> operationIds = new HashSet<>();

	private final ArrayNode unavailable = NODES.arrayNode();

	private JsonNode security;

	private final PublicEndpoints publicEndpoints;

	ApiDescriptionMerger(PublicEndpoints publicEndpoints) {
		this.publicEndpoints = publicEndpoints;
		this.merged.put("openapi", OPENAPI_VERSION);
		ObjectNode info = this.merged.putObject("info");
		info.put("title", "Civic Dispatch API");
		info.put("version", "v1");
		info.put("description", "新时代文明实践志愿服务派单平台: the whole public API, through the gateway. "
				+ "Sign in with POST /api/auth/login and send the accessToken as `Authorization: Bearer <token>`; "
				+ "errors are application/problem+json (RFC 9457).");
	}

	/**
	 * Adds one service's description; {@code service} is its id ({@code order-service}).
	 */
	ApiDescriptionMerger add(String service, JsonNode description) {
		if (!(description instanceof ObjectNode given)) {
			return unavailable(service);
		}
		ObjectNode own = given.deepCopy();
		renameClashingComponents(service, own);
		mergeComponents(own.path("components"));
		for (Map.Entry<String, JsonNode> path : own.path("paths").properties()) {
			if (!(path.getValue() instanceof ObjectNode pathItem)) {
				continue;
			}
			ObjectNode item = pathItem.deepCopy();
			for (Map.Entry<String, JsonNode> operation : item.properties()) {
				if (METHODS.contains(operation.getKey()) && operation.getValue() instanceof ObjectNode op) {
					op.put("x-service", service);
					uniqueOperationId(service, op);
					if (this.publicEndpoints.covers(HttpMethod.valueOf(operation.getKey().toUpperCase()),
							path.getKey())) {
						// an empty list overrides the document's requirement: no token
						// needed
						op.putArray("security");
					}
					else {
						op.remove("security");
					}
				}
			}
			JsonNode existing = this.paths.get(path.getKey());
			if (existing instanceof ObjectNode known) {
				item.properties().forEach((entry) -> {
					if (!known.has(entry.getKey())) {
						known.set(entry.getKey(), entry.getValue());
					}
				});
			}
			else {
				this.paths.set(path.getKey(), item);
			}
		}
		for (JsonNode tag : own.path("tags")) {
			if (tag instanceof ObjectNode named && named.hasNonNull("name")) {
				this.tags.putIfAbsent(named.get("name").asString(), named);
			}
		}
		if (this.security == null && own.path("security").isArray()) {
			this.security = own.get("security");
		}
		return this;
	}

	/** Notes a service whose description could not be read: its paths are missing. */
	ApiDescriptionMerger unavailable(String service) {
		this.unavailable.add(service);
		return this;
	}

	ObjectNode result() {
		ObjectNode result = this.merged.deepCopy();
		if (!this.unavailable.isEmpty()) {
			((ObjectNode) result.get("info")).set("x-unavailable-services", this.unavailable.deepCopy());
		}
		if (this.security != null) {
			result.set("security", this.security.deepCopy());
		}
		if (!this.tags.isEmpty()) {
			ArrayNode tagList = result.putArray("tags");
			this.tags.values().forEach(tagList::add);
		}
		result.set("paths", this.paths.deepCopy());
		result.set("components", this.components.deepCopy());
		return result;
	}

	/**
	 * Renames until nothing clashes: a rename may make a component that refers to it
	 * differ too.
	 */
	private void renameClashingComponents(String service, ObjectNode description) {
		for (int round = 0; round < 10; round++) {
			Map<String, String> renames = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> section : description.path("components").properties()) {
				JsonNode known = this.components.path(section.getKey());
				if (!(section.getValue() instanceof ObjectNode entries)) {
					continue;
				}
				for (String name : List.copyOf(entries.propertyNames())) {
					if (known.has(name) && !known.get(name).equals(entries.get(name))) {
						String renamed = prefix(service) + name;
						entries.set(renamed, entries.remove(name));
						renames.put("#/components/" + section.getKey() + "/" + name,
								"#/components/" + section.getKey() + "/" + renamed);
					}
				}
			}
			if (renames.isEmpty()) {
				return;
			}
			rewriteReferences(description, renames);
		}
	}

	private static void rewriteReferences(JsonNode node, Map<String, String> renames) {
		if (node instanceof ObjectNode object) {
			JsonNode ref = object.get("$ref");
			if (ref != null && ref.isString() && renames.containsKey(ref.asString())) {
				object.put("$ref", renames.get(ref.asString()));
			}
			object.values().forEach((child) -> rewriteReferences(child, renames));
		}
		else if (node instanceof ArrayNode array) {
			array.values().forEach((child) -> rewriteReferences(child, renames));
		}
	}

	private void mergeComponents(JsonNode own) {
		for (Map.Entry<String, JsonNode> section : own.properties()) {
			ObjectNode known = this.components.has(section.getKey())
					? (ObjectNode) this.components.get(section.getKey()) : this.components.putObject(section.getKey());
			for (Map.Entry<String, JsonNode> entry : section.getValue().properties()) {
				if (!known.has(entry.getKey())) {
					known.set(entry.getKey(), entry.getValue());
				}
			}
		}
	}

	private void uniqueOperationId(String service, ObjectNode operation) {
		JsonNode id = operation.get("operationId");
		if (id == null || !id.isString()) {
			return;
		}
		String unique = id.asString();
		if (!this.operationIds.add(unique)) {
			String base = prefix(service) + Character.toUpperCase(unique.charAt(0)) + unique.substring(1);
			unique = base;
			for (int n = 2; !this.operationIds.add(unique); n++) {
				unique = base + n;
			}
			operation.put("operationId", unique);
		}
	}

	/** {@code order-service} → {@code Order}. */
	static String prefix(String service) {
		String name = service.endsWith("-service") ? service.substring(0, service.length() - "-service".length())
				: service;
		StringBuilder prefix = new StringBuilder();
		for (String part : name.split("[^A-Za-z0-9]+")) {
			if (!part.isEmpty()) {
				prefix.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
			}
		}
		return prefix.toString();
	}

}
