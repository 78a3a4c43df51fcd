package org.civicdispatch.web;

import java.util.Locale;

import io.micrometer.observation.ObservationPredicate;
import jakarta.validation.MessageInterpolator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * The HTTP side every service shares: correlation ids, problem answers,
 * {@link CurrentUser} handler arguments, and validation messages in Chinese.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class CivicWebAutoConfiguration {

	public CivicWebAutoConfiguration() {
		RequestIdLogging.install();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdWebFilter requestIdWebFilter() {
		return new RequestIdWebFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemExceptionHandler problemExceptionHandler() {
		return new ProblemExceptionHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponses problemResponses(ObjectProvider<JsonMapper> jsonMapper) {
		return new ProblemResponses(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OrgAncestry.class)
	StaffScope staffScope(OrgAncestry ancestry) {
		return new StaffScope(ancestry);
	}

	@Bean
	WebFluxConfigurer currentUserArgumentConfigurer() {
		return new WebFluxConfigurer() {
			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new CurrentUserArgumentResolver());
			}
		};
	}

	/**
	 * Health probes and Prometheus scrapes are not requests anyone follows: no span (no
	 * trace in the collector every few seconds per pod) and no
	 * {@code http.server.requests} sample for them.
	 */
	@Bean
	@ConditionalOnClass(ObservationPredicate.class)
	ObservationPredicate actuatorRequestsUnobserved(Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& isUnder(request.getCarrier().getPath().pathWithinApplication().value(), basePath));
	}

	static boolean isUnder(String path, String basePath) {
		return !basePath.isEmpty() && !basePath.equals("/")
				&& (path.equals(basePath) || path.startsWith(basePath.endsWith("/") ? basePath : basePath + "/"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ValidationConfigurationCustomizer.class)
	static class ChineseValidationMessages {

		/**
		 * Residents, volunteers and staff read the field messages: default them to
		 * Chinese.
		 */
		@Bean
		ValidationConfigurationCustomizer chineseValidationMessages() {
			return (configuration) -> {
				MessageInterpolator defaults = configuration.getDefaultMessageInterpolator();
				configuration
					.messageInterpolator(new FixedLocaleMessageInterpolator(defaults, Locale.SIMPLIFIED_CHINESE));
			};
		}

	}

	private record FixedLocaleMessageInterpolator(MessageInterpolator delegate,
			Locale locale) implements MessageInterpolator {

		@Override
		public String interpolate(String template, Context context) {
			return delegate.interpolate(template, context, locale);
		}

		@Override
		public String interpolate(String template, Context context, Locale ignored) {
			return delegate.interpolate(template, context, locale);
		}

	}

}
