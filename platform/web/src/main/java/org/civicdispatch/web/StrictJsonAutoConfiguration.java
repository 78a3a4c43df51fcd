package org.civicdispatch.web;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;

/**
 * Every service reads JSON strictly, in this one place: the application's
 * {@link JsonMapper} (the one WebFlux decodes request bodies with) refuses input a
 * careless or hostile client may send, and {@link ProblemExceptionHandler} answers each
 * refusal 400 with the field named.
 * <ul>
 * <li>No coercion: {@code 4.5} or {@code "1"} for an integer, {@code "true"} or {@code 1}
 * for a boolean, {@code "2.5"} for a decimal, a number for an enum, {@code null} for a
 * primitive.</li>
 * <li>Bounded numbers: a {@code BigDecimal} with at most
 * {@value StrictJsonModule#MAX_DECIMAL_PRECISION} significant digits and a scale within
 * ±{@value StrictJsonModule#MAX_DECIMAL_SCALE} ({@code 1e-2000} is refused rather than
 * stored as 2,000 digits); a {@code double} or {@code float} finite and not a non-zero
 * number rounded to 0; number text at most {@value #MAX_NUMBER_LENGTH} characters.</li>
 * <li>Bounded structure: nesting at most {@value #MAX_NESTING_DEPTH} deep, strings at
 * most {@value #MAX_STRING_LENGTH} characters, property names at most
 * {@value #MAX_NAME_LENGTH}.</li>
 * <li>No duplicate keys, nothing after the value.</li>
 * <li>Strings (and map keys) without control or invisible characters, see
 * {@link VisibleText}.</li>
 * </ul>
 * Unknown properties are still ignored, so that clients and services can evolve apart.
 * <p>
 * Spring Boot 4.0 has no hook for the {@link JsonFactory} under its mapper, and the read
 * limits live there: this configuration gives Boot's mapper builder a strict factory and
 * otherwise lets Boot build it as usual, with every {@link JsonMapperBuilderCustomizer}
 * ({@code spring.jackson.*} included), this one last.
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
@ConditionalOnClass(JsonMapper.class)
public class StrictJsonAutoConfiguration {

	static final int MAX_NESTING_DEPTH = 32;

	static final int MAX_STRING_LENGTH = 20_000;

	static final int MAX_NUMBER_LENGTH = 100;

	static final int MAX_NAME_LENGTH = 1_000;

	@Bean
	@Scope("prototype")
	@ConditionalOnMissingBean
	JsonMapper.Builder jsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		JsonMapper.Builder builder = JsonMapper.builder(strictFactory());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	@Bean
	JsonMapperBuilderCustomizer strictJsonInput() {
		return new StrictJsonInput();
	}

	static JsonFactory strictFactory() {
		return JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_NESTING_DEPTH)
				.maxStringLength(MAX_STRING_LENGTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.maxNameLength(MAX_NAME_LENGTH)
				.build())
			.build();
	}

	/**
	 * The mapper settings of strict input; runs after Boot's own customizer, so that it
	 * wins.
	 */
	static final class StrictJsonInput implements JsonMapperBuilderCustomizer, Ordered {

		@Override
		public void customize(JsonMapper.Builder builder) {
			builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
						DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
						DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
				.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
				.withCoercionConfig(LogicalType.Integer,
						(coercion) -> coercion.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Float,
						(coercion) -> coercion.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Boolean,
						(coercion) -> coercion.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
				.addModule(new StrictJsonModule());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
