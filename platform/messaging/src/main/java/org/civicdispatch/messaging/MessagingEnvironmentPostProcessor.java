package org.civicdispatch.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Lowest-precedence defaults every messaging service wants: Reactor context propagation
 * on every operator (so the MDC follows the correlation id across threads), the id in
 * each log line (after the trace id when the service has tracing), observed Kafka sends
 * and listeners, and no dump of every Kafka client setting at INFO each time a producer,
 * consumer or admin client starts (nor the client's version banner); their warnings still
 * show. Any value a service sets itself wins.
 */
public class MessagingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "civicMessagingDefaults";

	/**
	 * Present when the service has Micrometer Tracing, which puts {@code traceId} and
	 * {@code spanId} into the MDC.
	 */
	static final String TRACER_CLASS = "io.micrometer.tracing.Tracer";

	/**
	 * Who writes the "ProducerConfig values: ..." dumps (Kafka 4 logs them as
	 * {@code AbstractConfig}; older clients as the config class itself) and the "Kafka
	 * version: ..." banners.
	 */
	static final List<String> QUIET_KAFKA_LOGGERS = List.of("org.apache.kafka.common.config.AbstractConfig",
			"org.apache.kafka.clients.producer.ProducerConfig", "org.apache.kafka.clients.consumer.ConsumerConfig",
			"org.apache.kafka.clients.admin.AdminClientConfig", "org.apache.kafka.common.utils.AppInfoParser");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.reactor.context-propagation", "auto");
		defaults.put("logging.pattern.correlation", correlationPattern(application));
		// a span for each record sent and each record handled, continuing the trace of
		// its traceparent header
		defaults.put("spring.kafka.template.observation-enabled", "true");
		defaults.put("spring.kafka.listener.observation-enabled", "true");
		for (String logger : QUIET_KAFKA_LOGGERS) {
			defaults.put("logging.level." + logger, "warn");
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

	/**
	 * The request id in brackets; with tracing on the classpath the trace and span ids
	 * before it ({@code [traceId,spanId] [requestId] }).
	 */
	static String correlationPattern(SpringApplication application) {
		ClassLoader classLoader = (application != null) ? application.getClassLoader() : null;
		String requestId = "[%X{" + Correlation.MDC_KEY + ":-}] ";
		if (ClassUtils.isPresent(TRACER_CLASS, classLoader)) {
			return "[%X{traceId:-},%X{spanId:-}] " + requestId;
		}
		return requestId;
	}

}
