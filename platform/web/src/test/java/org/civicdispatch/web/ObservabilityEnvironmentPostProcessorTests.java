package org.civicdispatch.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code MANAGEMENT_PORT} and {@code LOG_FORMAT} turn into, and that unset or empty
 * they change nothing.
 */
class ObservabilityEnvironmentPostProcessorTests {

	private final ObservabilityEnvironmentPostProcessor processor = new ObservabilityEnvironmentPostProcessor();

	@Test
	void unsetOrEmptyKeepsTheActuatorOnTheApplicationsPortAndPlainTextLogs() {
		for (String value : new String[] { null, "", "  " }) {
			MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name",
					"order-service");
			if (value != null) {
				environment.setProperty("MANAGEMENT_PORT", value);
				environment.setProperty("LOG_FORMAT", value);
			}
			processor.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.containsProperty("management.server.port")).isFalse();
			assertThat(environment.containsProperty("logging.structured.format.console")).isFalse();
			assertThat(environment.containsProperty("spring.main.banner-mode")).isFalse();
			assertThat(environment.getProperty("management.metrics.tags.service")).isEqualTo("order-service");
		}
	}

	@Test
	void managementPortAndEcsLogs() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "gateway")
			.withProperty("MANAGEMENT_PORT", "9091")
			.withProperty("LOG_FORMAT", "ECS")
			.withProperty("HOSTNAME", "gateway-7d9f8-x2k4q");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.ecs.service.node-name"))
			.isEqualTo("gateway-7d9f8-x2k4q");
		assertThat(environment.getProperty("management.server.port", Integer.class)).isEqualTo(9091);
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
		assertThat(environment.containsProperty("logging.structured.json.add.service_name")).isFalse();
	}

	@Test
	void logstashLinesNameTheServiceToo() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "points-service")
			.withProperty("LOG_FORMAT", "logstash");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
		assertThat(environment.getProperty("logging.structured.json.add.service_name")).isEqualTo("points-service");
	}

	@Test
	void theServicesOwnSettingsWin() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "gateway")
			.withProperty("MANAGEMENT_PORT", "9091")
			.withProperty("management.server.port", "9999")
			.withProperty("LOG_FORMAT", "ecs")
			.withProperty("logging.structured.format.console", "logstash");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.server.port")).isEqualTo("9999");
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
	}

}
