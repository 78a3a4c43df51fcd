package org.civicdispatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

@SpringBootTest(properties = "spring.kafka.bootstrap-servers=localhost:1")
@WithRealInfra
class WithRealInfraTests {

	@Autowired
	Environment environment;

	@Test
	void theContextPointsAtTheSharedInfraAndAFreshDatabaseOfItsOwn() throws Exception {
		String database = RealInfraContextCustomizer.databaseName(WithRealInfraTests.class.getName());

		assertThat(this.environment.getProperty("spring.r2dbc.url")).endsWith("/" + database)
			.startsWith("r2dbc:postgresql://");
		assertThat(this.environment.getProperty("spring.flyway.url")).endsWith("/" + database);
		assertThat(this.environment.getProperty("spring.kafka.bootstrap-servers"))
			.isEqualTo(Infra.kafka().bootstrapServers());
		assertThat(this.environment.getProperty("civic.security.jwks-uri")).isEqualTo(TestTokens.jwksUri());
		assertThat(this.environment.getProperty("civic.security.issuer")).isEqualTo(TestTokens.ISSUER);
		assertThat(this.environment.getProperty("civic.messaging.group-suffix")).isEqualTo("-" + database);

		try (Connection jdbc = DriverManager.getConnection(this.environment.getProperty("spring.flyway.url"),
				this.environment.getProperty("spring.flyway.user"),
				this.environment.getProperty("spring.flyway.password"));
				Statement sql = jdbc.createStatement();
				ResultSet rows = sql
					.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
			rows.next();
			assertThat(rows.getInt(1)).isZero();
		}
	}

	@Test
	void databaseNamesAreShortLowercaseIdentifiersUniquePerClass() {
		String a = RealInfraContextCustomizer.databaseName("org.civicdispatch.order.OrderFlowIntegrationTests");
		String b = RealInfraContextCustomizer.databaseName("org.civicdispatch.points.OrderFlowIntegrationTests");
		String nested = RealInfraContextCustomizer
			.databaseName("org.civicdispatch.order.Outer$WhenTheTeamRejectsIt" + "VeryLong".repeat(10));

		assertThat(a).startsWith("orderflowintegrationtests_").isNotEqualTo(b);
		assertThat(nested).hasSizeLessThanOrEqualTo(63).matches("[a-z][a-z0-9_]*");
		assertThat(RealInfraContextCustomizer.databaseName("x.9Lives")).startsWith("t_9lives_");
	}

	@Nested
	class InANestedClass {

		@Autowired
		Environment nestedEnvironment;

		@Test
		void alsoGetsTheInfraButADatabaseOfItsOwn() {
			String database = RealInfraContextCustomizer.databaseName(InANestedClass.class.getName());

			assertThat(database).startsWith("withrealinfratests_inanestedclass_");
			assertThat(this.nestedEnvironment.getProperty("spring.r2dbc.url")).endsWith("/" + database);
			assertThat(this.nestedEnvironment.getProperty("civic.messaging.group-suffix")).isEqualTo("-" + database);
		}

	}

}
