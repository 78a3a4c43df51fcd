package org.civicdispatch.testing;

/**
 * One database on the shared test PostgreSQL server, with what both JDBC (Flyway) and
 * R2DBC (the services) need to reach it.
 */
public record TestDatabase(String jdbcUrl, String r2dbcUrl, String username, String password, String name) {

}
