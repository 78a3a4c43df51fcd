package org.civicdispatch.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from the zonky binaries with its cluster kept in a fixed directory: the
 * cluster is initialised on the first start only, so data survives a restart.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	static final String USERNAME = "postgres";

	static final String PASSWORD = "postgres";

	private final Path dataDir;

	private final int port;

	private final boolean durable;

	private EmbeddedPostgres postgres;

	EmbeddedPostgresServer(Path dataDir, int port, boolean durable) {
		this.dataDir = dataDir;
		this.port = port;
		this.durable = durable;
	}

	void start() throws IOException {
		Files.createDirectories(this.dataDir);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDir)
			.setCleanDataDirectory(false)
			.setPort(this.port)
			.setRegisterShutdownHook(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("max_connections", "300")
			.setServerConfig("listen_addresses", "localhost")
			// statement counts per query for whoever looks (benchmarks/run.sh does);
			// costs next to nothing
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.setOutputRedirector(ProcessBuilder.Redirect.DISCARD);
		if (this.durable) {
			// zonky turns both off for throw-away test databases; the local stack keeps
			// its data
			builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
		}
		this.postgres = builder.start();
	}

	int port() {
		return this.port;
	}

	/** Creates each database that does not exist yet. */
	static void createDatabases(String host, int port, String username, String password, Collection<String> names)
			throws SQLException {
		String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, username, password);
				Statement statement = connection.createStatement()) {
			for (String name : names) {
				try (ResultSet rs = statement
					.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
					if (rs.next()) {
						continue;
					}
				}
				statement.execute("CREATE DATABASE \"" + name + "\"");
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
		}
	}

}
