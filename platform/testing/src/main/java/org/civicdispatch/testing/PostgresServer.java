package org.civicdispatch.testing;

/** The one PostgreSQL server of this test JVM; get it from {@link Infra#postgres()}. */
public interface PostgresServer {

	String host();

	int port();

	String username();

	String password();

	/**
	 * Creates an empty database called {@code name} (dropping any earlier one of that
	 * name) and returns how to reach it. {@code name} must be a lowercase SQL identifier.
	 */
	TestDatabase createDatabase(String name);

}
