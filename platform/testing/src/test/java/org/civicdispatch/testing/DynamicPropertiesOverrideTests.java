package org.civicdispatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
@WithRealInfra
class DynamicPropertiesOverrideTests {

	@DynamicPropertySource
	static void ownBroker(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:19092");
	}

	@Autowired
	Environment environment;

	@Test
	void aDynamicPropertySourceStillWinsSoATestCanUseABrokerOfItsOwn() {
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:19092");
		assertThat(this.environment.getProperty("spring.r2dbc.url"))
			.endsWith("/" + RealInfraContextCustomizer.databaseName(DynamicPropertiesOverrideTests.class.getName()));
	}

}
