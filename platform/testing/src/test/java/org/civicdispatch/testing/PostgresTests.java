package org.civicdispatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class PostgresTests {

	@Test
	void aNewDatabaseIsReachableOverJdbcAndR2dbc() throws Exception {
		TestDatabase database = Infra.postgres().createDatabase("postgres_tests_reachable");

		try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password()); Statement sql = jdbc.createStatement()) {
			sql.execute("CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)");
			sql.execute("INSERT INTO note VALUES (1, '帮老人买菜')");
			try (ResultSet rows = sql
				.executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
				rows.next();
				assertThat(rows.getString(1)).isEqualTo("postgres_tests_reachable");
				assertThat(rows.getInt(2)).as("the PostgreSQL major version production runs").isBetween(170000, 179999);
			}
		}

		ConnectionFactory r2dbc = ConnectionFactories.get(ConnectionFactoryOptions.parse(database.r2dbcUrl())
			.mutate()
			.option(ConnectionFactoryOptions.USER, database.username())
			.option(ConnectionFactoryOptions.PASSWORD, database.password())
			.build());
		Mono.usingWhen(Mono.from(r2dbc.create()),
				connection -> Flux.from(connection.createStatement("SELECT body FROM note WHERE id = 1").execute())
					.flatMap(result -> result.map(row -> row.get("body", String.class)))
					.next(),
				connection -> Mono.from(connection.close()))
			.as(StepVerifier::create)
			.expectNext("帮老人买菜")
			.verifyComplete();
	}

	@Test
	void creatingADatabaseAgainStartsItEmpty() throws Exception {
		TestDatabase first = Infra.postgres().createDatabase("postgres_tests_again");
		try (Connection jdbc = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
				Statement sql = jdbc.createStatement()) {
			sql.execute("CREATE TABLE leftover (id int)");
		}

		TestDatabase second = Infra.postgres().createDatabase("postgres_tests_again");

		try (Connection jdbc = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
				Statement sql = jdbc.createStatement();
				ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'")) {
			rows.next();
			assertThat(rows.getInt(1)).isZero();
		}
	}

}
