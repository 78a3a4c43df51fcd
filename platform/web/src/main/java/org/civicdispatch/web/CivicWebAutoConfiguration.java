package org.civicdispatch.web;

import java.util.Locale;

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
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * The HTTP side every service shares: correlation ids, problem answers, {@link CurrentUser}
 * handler arguments, and validation messages in Chinese.
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ValidationConfigurationCustomizer.class)
	static class ChineseValidationMessages {

		/** Residents, volunteers and staff read the field messages: default them to Chinese. */
		@Bean
		ValidationConfigurationCustomizer chineseValidationMessages() {
			return (configuration) -> {
				MessageInterpolator defaults = configuration.getDefaultMessageInterpolator();
				configuration.messageInterpolator(new FixedLocaleMessageInterpolator(defaults, Locale.SIMPLIFIED_CHINESE));
			};
		}

	}

	private record FixedLocaleMessageInterpolator(MessageInterpolator delegate, Locale locale)
			implements MessageInterpolator {

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
