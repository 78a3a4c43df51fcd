package org.civicdispatch.messaging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lowest-precedence defaults every messaging service wants: Reactor context propagation on every
 * operator (so the MDC follows the correlation id across threads) and the id in each log line. Any
 * value a service sets itself wins.
 */
public class MessagingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "civicMessagingDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE_NAME,
					Map.of("spring.reactor.context-propagation", "auto", "logging.pattern.correlation",
							"[%X{" + Correlation.MDC_KEY + ":-}] ")));
	}

}
