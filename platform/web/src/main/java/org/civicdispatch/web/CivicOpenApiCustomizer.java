package org.civicdispatch.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * What every operation of every service says alike: the Bearer token it needs (none on a
 * public path), and the problem+json answers it may give besides its own. Only the public
 * API ({@code /api/**}) is described.
 */
final class CivicOpenApiCustomizer implements OpenApiCustomizer {

	static final String API_PREFIX = "/api/";

	static final String BEARER = "bearerAuth";

	static final String PROBLEM = "Problem";

	static final String FIELD_ERROR = "FieldError";

	static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	/** The error answers any operation may give, with what each means here. */
	static final Map<String, String> ERRORS = errors();

	private final PublicEndpoints publicEndpoints;

	CivicOpenApiCustomizer(List<String> publicPaths) {
		this.publicEndpoints = new PublicEndpoints(publicPaths);
	}

	private static Map<String, String> errors() {
		Map<String, String> errors = new LinkedHashMap<>();
		errors.put("400", "Malformed or invalid input; `errors` names each invalid field (请求参数不正确)");
		errors.put("401", "No access token, or an invalid or expired one");
		errors.put("403", "Signed in but not allowed: role, staff scope or conflict of interest");
		errors.put("404", "What the path names does not exist or is not visible to the caller");
		errors.put("409", "Conflicts with the current state: illegal transition, duplicate, "
				+ "insufficient points, out of stock");
		errors.put("429", "Too many requests: try again after `Retry-After` seconds");
		errors.put("503", "A service is unavailable: try again later");
		return Collections.unmodifiableMap(errors);
	}

	@Override
	public void customise(OpenAPI openApi) {
		Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
		openApi.setComponents(components);
		components.addSecuritySchemes(BEARER,
				new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("The accessToken from POST /api/auth/login"));
		components.addSchemas(FIELD_ERROR, fieldErrorSchema());
		components.addSchemas(PROBLEM, problemSchema());
		openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
		if (openApi.getPaths() == null) {
			return;
		}
		// The public API is /api/**, what the gateway routes; the rest (the JWKS) is
		// between services.
		openApi.getPaths().keySet().removeIf((path) -> !path.startsWith(API_PREFIX));
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			if (isPublic(method, path)) {
				// an empty requirement list overrides the document's: no token needed
				operation.setSecurity(List.of());
			}
			addErrorAnswers(operation);
		}));
	}

	private boolean isPublic(PathItem.HttpMethod method, String path) {
		return this.publicEndpoints.covers(HttpMethod.valueOf(method.name()), path);
	}

	private static void addErrorAnswers(Operation operation) {
		ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		ERRORS.forEach((status, description) -> {
			if (!responses.containsKey(status)) {
				responses.addApiResponse(status, errorAnswer(status, description));
			}
		});
	}

	private static ApiResponse errorAnswer(String status, String description) {
		ApiResponse answer = new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM))));
		if (status.equals("429") || status.equals("503")) {
			answer.addHeaderObject("Retry-After",
					new Header().description("Seconds to wait before trying again").schema(type("integer")));
		}
		return answer;
	}

	/**
	 * {@code ThingController.create} → {@code thingCreate}: unique across services,
	 * unlike the method name alone.
	 */
	static Operation operationId(Operation operation, HandlerMethod handler) {
		String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
		if (controller.isEmpty()) {
			return operation;
		}
		String method = handler.getMethod().getName();
		operation.setOperationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
				+ Character.toUpperCase(method.charAt(0)) + method.substring(1));
		return operation;
	}

	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type",
				type("string").format("uri").description("about:blank unless a more specific type applies"));
		properties.put("title", type("string").description("The status's name, in English"));
		properties.put("status", type("integer").format("int32").description("The HTTP status"));
		properties.put("detail", type("string").description("What went wrong, in Chinese, for the person reading it"));
		properties.put("instance", type("string").description("The request's path"));
		properties.put("requestId", type("string").description("Finds the request in the logs (X-Request-Id)"));
		properties.put("errors", type("array").items(new JsonSchema().$ref("#/components/schemas/" + FIELD_ERROR))
			.description("For a 400 about the input: each invalid field"));
		Schema<?> problem = type("object").description("An RFC 9457 problem");
		problem.setProperties(properties);
		problem.setRequired(List.of("type", "title", "status"));
		return problem;
	}

	private static Schema<?> fieldErrorSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("field", type("string").description("The field's name; a JSON path for nested ones"));
		properties.put("message", type("string").description("What is wrong with it, in Chinese"));
		Schema<?> error = type("object").description("One invalid input of a 400 problem");
		error.setProperties(properties);
		error.setRequired(List.of("field", "message"));
		return error;
	}

	private static Schema<?> type(String type) {
		return new JsonSchema().types(Set.of(type)).type(type);
	}

}
