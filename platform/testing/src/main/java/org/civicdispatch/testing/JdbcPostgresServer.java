package org.civicdispatch.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * What every PostgreSQL server, embedded or in a container, does the same way: make
 * databases.
 */
abstract class JdbcPostgresServer implements PostgresServer {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	@Override
	public TestDatabase createDatabase(String name) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a lowercase SQL identifier of at most 63 characters: " + name);
		}
		try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
				Statement sql = admin.createStatement()) {
			sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			sql.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return new TestDatabase(jdbcUrl(name), "r2dbc:postgresql://" + host() + ":" + port() + "/" + name, username(),
				password(), name);
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
	}

	abstract void stop();

}
