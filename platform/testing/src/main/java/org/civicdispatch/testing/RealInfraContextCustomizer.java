package org.civicdispatch.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Creates the test class's database and puts the addresses of the shared infrastructure
 * first among the context's property sources. Equal for the same test class only, so no
 * two classes share a cached context.
 */
final class RealInfraContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "civicTestInfra";

	/** The name of the property source of {@code @DynamicPropertySource} methods. */
	private static final String DYNAMIC_PROPERTIES = "Dynamic Test Properties";

	private static final int MAX_IDENTIFIER_LENGTH = 63;

	private final String testClassName;

	RealInfraContextCustomizer(Class<?> testClass) {
		this.testClassName = testClass.getName();
	}

	/**
	 * Loggers of a Kafka broker and PostgreSQL, which log thousands of INFO lines as they
	 * start (the embedded ones run in processes of their own; these are for whatever else
	 * a test loads). The services' own Kafka clients ({@code org.apache.kafka.clients})
	 * are left alone.
	 */
	private static final List<String> SERVER_LOGGERS = List.of("kafka", "state.change.logger",
			"org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.image",
			"org.apache.kafka.metadata", "org.apache.kafka.storage", "org.apache.kafka.coordinator",
			"org.apache.kafka.queue", "org.apache.kafka.snapshot", "org.apache.kafka.common.test", "io.zonky.test");

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		quietServerLogs(context.getClassLoader());
		Infra.startAll();
		TestDatabase database = Infra.postgres().createDatabase(databaseName(this.testClassName));
		MapPropertySource infra = new MapPropertySource(PROPERTY_SOURCE_NAME, properties(database, Infra.kafka()));
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		// Ahead of everything (application.yml, env vars, @SpringBootTest properties)
		// except
		// @DynamicPropertySource, which a test uses to point at something it started
		// itself, such
		// as a StoppableKafka. Spring adds that source first too, whether before or after
		// this.
		if (sources.contains(DYNAMIC_PROPERTIES)) {
			sources.addAfter(DYNAMIC_PROPERTIES, infra);
		}
		else {
			sources.addFirst(infra);
		}
	}

	/**
	 * WARN for the servers' loggers, unless the test's configuration set a level for
	 * them.
	 */
	private static void quietServerLogs(ClassLoader classLoader) {
		try {
			LoggingSystem logging = LoggingSystem.get(classLoader);
			for (String name : SERVER_LOGGERS) {
				LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
				if (configuration == null || configuration.getConfiguredLevel() == null) {
					logging.setLogLevel(name, LogLevel.WARN);
				}
			}
		}
		catch (RuntimeException ex) {
			// Only cosmetic: keep the default levels.
		}
	}

	static Map<String, Object> properties(TestDatabase database, KafkaServer kafka) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.r2dbc.url", database.r2dbcUrl());
		properties.put("spring.r2dbc.username", database.username());
		properties.put("spring.r2dbc.password", database.password());
		properties.put("spring.flyway.url", database.jdbcUrl());
		properties.put("spring.flyway.user", database.username());
		properties.put("spring.flyway.password", database.password());
		properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("civic.security.jwks-uri", TestTokens.jwksUri());
		properties.put("civic.security.issuer", TestTokens.ISSUER);
		properties.put("civic.messaging.group-suffix", "-" + database.name());
		return properties;
	}

	/**
	 * A lowercase SQL identifier of at most 63 characters from the test class's simple
	 * name, made unique by a hash of its full name: {@code org.example.OrderFlowTests}
	 * becomes {@code orderflowtests_1a2b3c4d}.
	 */
	static String databaseName(String className) {
		String simpleName = className.substring(className.lastIndexOf('.') + 1);
		String readable = simpleName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
		if (readable.isEmpty() || !Character.isLetter(readable.charAt(0))) {
			readable = "t_" + readable;
		}
		CRC32 crc = new CRC32();
		crc.update(className.getBytes(StandardCharsets.UTF_8));
		String hash = String.format("%08x", crc.getValue());
		int room = MAX_IDENTIFIER_LENGTH - hash.length() - 1;
		if (readable.length() > room) {
			readable = readable.substring(0, room);
		}
		return readable + "_" + hash;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof RealInfraContextCustomizer customizer)
				&& this.testClassName.equals(customizer.testClassName);
	}

	@Override
	public int hashCode() {
		return this.testClassName.hashCode();
	}

}
