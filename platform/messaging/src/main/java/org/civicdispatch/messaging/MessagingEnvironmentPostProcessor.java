package org.civicdispatch.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lowest-precedence defaults every messaging service wants: Reactor context propagation on every
 * operator (so the MDC follows the correlation id across threads), the id in each log line, and
 * no dump of every Kafka client setting at INFO each time a producer, consumer or admin client
 * starts (nor the client's version banner); their warnings still show. Any value a service sets
 * itself wins.
 */
public class MessagingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "civicMessagingDefaults";

	/**
	 * Who writes the "ProducerConfig values: ..." dumps (Kafka 4 logs them as {@code AbstractConfig};
	 * older clients as the config class itself) and the "Kafka version: ..." banners.
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
		defaults.put("logging.pattern.correlation", "[%X{" + Correlation.MDC_KEY + ":-}] ");
		for (String logger : QUIET_KAFKA_LOGGERS) {
			defaults.put("logging.level." + logger, "warn");
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

}
