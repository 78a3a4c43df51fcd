package org.civicdispatch.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.JsonSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The OpenAPI 3.1 description of a service that has springdoc on its class path, at
 * {@code /v3/api-docs} without a token: every operation names its problem+json error
 * answers, needs a Bearer token unless it is one of {@code civic.security.public-paths},
 * and has an operation id unique across the platform, so that the gateway can merge the
 * three services' descriptions into one.
 */
@AutoConfiguration(after = CivicSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ OpenApiCustomizer.class, OpenAPI.class })
@ConditionalOnProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CivicSecurityProperties.class)
public class CivicOpenApiAutoConfiguration {

	public CivicOpenApiAutoConfiguration() {
		SpringDocUtils.getConfig()
			// resolved from the token, never sent by the client
			.addRequestWrapperToIgnore(CurrentUser.class)
			// Jackson 3's tree, which springdoc does not know: any JSON value, not a bean
			// with getters
			.replaceWithSchema(JsonNode.class, new JsonSchema());
	}

	@Bean
	@ConditionalOnMissingBean
	OpenAPI civicOpenApi(Environment environment) {
		String service = environment.getProperty("spring.application.name", "service");
		return new OpenAPI().info(new Info().title("Civic Dispatch " + service)
			.version("v1")
			.description("新时代文明实践志愿服务派单平台: " + service + ". Errors are application/problem+json (RFC 9457)."));
	}

	@Bean
	OpenApiCustomizer civicOpenApiCustomizer(CivicSecurityProperties properties) {
		return new CivicOpenApiCustomizer(properties.publicPaths());
	}

	@Bean
	OperationCustomizer civicOperationIds() {
		return CivicOpenApiCustomizer::operationId;
	}

}
