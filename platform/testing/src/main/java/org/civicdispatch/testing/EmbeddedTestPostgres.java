package org.civicdispatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.civicdispatch.embedded.EmbeddedPostgresServer;

/** The platform's embedded PostgreSQL on a free port, with a throw-away cluster. */
final class EmbeddedTestPostgres extends JdbcPostgresServer {

	private final EmbeddedPostgresServer postgres;

	private EmbeddedTestPostgres(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
	}

	static EmbeddedTestPostgres start() {
		try {
			// not durable: test data need not survive a crash, which makes it much faster
			return new EmbeddedTestPostgres(EmbeddedPostgresServer.builder().start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	@Override
	public String host() {
		return this.postgres.host();
	}

	@Override
	public int port() {
		return this.postgres.port();
	}

	@Override
	public String username() {
		return this.postgres.username();
	}

	@Override
	public String password() {
		return this.postgres.password();
	}

	@Override
	void stop() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
