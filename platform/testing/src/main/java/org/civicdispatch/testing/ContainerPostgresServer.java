package org.civicdispatch.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL 17 in a container, for machines with a container engine. */
final class ContainerPostgresServer extends JdbcPostgresServer {

	static final String IMAGE = "postgres:17";

	private final PostgreSQLContainer container;

	private ContainerPostgresServer(PostgreSQLContainer container) {
		this.container = container;
	}

	static ContainerPostgresServer start() {
		PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withUsername("postgres")
			.withPassword("postgres")
			.withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
					"-c", "max_connections=300");
		container.start();
		return new ContainerPostgresServer(container);
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
	}

	@Override
	public String username() {
		return this.container.getUsername();
	}

	@Override
	public String password() {
		return this.container.getPassword();
	}

	@Override
	void stop() {
		this.container.stop();
	}

}
