package org.civicdispatch.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Lowest-precedence observability defaults of every application (the three services and
 * the gateway), so that each reads the same two variables and any setting of its own
 * still wins:
 * <ul>
 * <li>{@code MANAGEMENT_PORT}: the actuator on a port of its own
 * ({@code management.server.port}), where {@code /actuator/**} needs no token
 * ({@link ManagementPort}); unset or empty, the actuator stays on the application's port
 * with everything but health for ADMIN;</li>
 * <li>{@code LOG_FORMAT}: {@code ecs} or {@code logstash} turns the console into one JSON
 * object a line ({@code logging.structured.format.console}) with the service name and the
 * MDC (request id, and the trace id once tracing puts it there), and no banner; unset or
 * empty, plain text;</li>
 * <li>every meter tagged {@code service=<spring.application.name>};</li>
 * <li>tracing: every request sampled ({@code MANAGEMENT_TRACING_SAMPLING_PROBABILITY}
 * lowers it), spans exported over OTLP/HTTP only when
 * {@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT} names a collector; left
 * empty (as compose can leave it), nothing is exported rather than the application
 * failing on an empty address. Trace ids go into the MDC, and so into every log line,
 * either way.</li>
 * </ul>
 * Runs before the logging system starts, so the console format holds from the first line.
 */
public class ObservabilityEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "civicObservabilityDefaults";

	/**
	 * Spring Boot's address of the OTLP collector for spans; unset, no span exporter
	 * exists.
	 */
	static final String OTLP_TRACING_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	/**
	 * The service's name in a Logstash line; ECS writes it as {@code service.name} by
	 * itself.
	 */
	static final String LOGSTASH_SERVICE_MEMBER = "service_name";

	/** Spring Boot's own formats; anything else names a formatter class. */
	private static final Set<String> COMMON_FORMATS = Set.of("ecs", "gelf", "logstash");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.metrics.tags.service", "${spring.application.name:application}");
		defaults.put("management.tracing.sampling.probability", "1.0");
		String otlpEndpoint = environment.getProperty(OTLP_TRACING_ENDPOINT);
		if (otlpEndpoint != null && !StringUtils.hasText(otlpEndpoint)) {
			defaults.put("management.tracing.export.otlp.enabled", "false");
		}
		String managementPort = environment.getProperty("MANAGEMENT_PORT");
		if (StringUtils.hasText(managementPort)) {
			defaults.put("management.server.port", managementPort.trim());
		}
		String logFormat = environment.getProperty("LOG_FORMAT");
		if (StringUtils.hasText(logFormat)) {
			String format = logFormat.trim();
			if (COMMON_FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
				format = format.toLowerCase(Locale.ROOT);
			}
			defaults.put("logging.structured.format.console", format);
			// a log shipper reads one JSON object a line: no banner before the first
			defaults.put("spring.main.banner-mode", "off");
			String host = environment.getProperty("HOSTNAME");
			if (format.equals("ecs") && StringUtils.hasText(host)) {
				// which pod or container wrote the line, when several run the same
				// service
				defaults.put("logging.structured.ecs.service.node-name", host.trim());
			}
			if (format.equals("logstash")) {
				defaults.put("logging.structured.json.add." + LOGSTASH_SERVICE_MEMBER,
						"${spring.application.name:application}");
			}
		}
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

}
