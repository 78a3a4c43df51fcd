package org.civicdispatch.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from zonky's binaries, as a child process of this JVM: the local stack's and
 * the tests'. The local stack keeps its cluster in a fixed directory on a fixed port
 * (initialised on the first start only, so data survives a restart); a test takes a free
 * port and a throw-away directory.
 *
 * <pre>{@code
 * EmbeddedPostgresServer postgres = EmbeddedPostgresServer.builder().port(15432).dataDirectory(dir).durable(true).start();
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	public static final String USERNAME = "postgres";

	public static final String PASSWORD = "postgres";

	private EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	public static Builder builder() {
		return new Builder();
	}

	public String host() {
		return "localhost";
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String username() {
		return USERNAME;
	}

	public String password() {
		return PASSWORD;
	}

	/** {@code jdbc:postgresql://localhost:<port>/<database>}. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
	}

	/**
	 * Stops the server; a throw-away data directory goes with it. Safe to call more than
	 * once.
	 */
	@Override
	public synchronized void close() throws IOException {
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
		}
	}

	public static final class Builder {

		private Path dataDirectory;

		private int port;

		private boolean durable;

		private final Map<String, String> serverConfig = new LinkedHashMap<>();

		private Builder() {
			// every test class and every service instance opens pools of its own
			this.serverConfig.put("max_connections", "300");
			this.serverConfig.put("listen_addresses", "localhost");
		}

		/**
		 * Keep the cluster in this directory, made on the first start and reused after.
		 * Without one, a throw-away directory is used and removed on {@link #close()}.
		 */
		public Builder dataDirectory(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
			return this;
		}

		/** Listen on this port; 0 (the default) picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Whether a commit survives a crash of the machine ({@code fsync},
		 * {@code synchronous_commit}). Off by default: test data need not, and that is
		 * much faster.
		 */
		public Builder durable(boolean durable) {
			this.durable = durable;
			return this;
		}

		/**
		 * Statement counts per query ({@code pg_stat_statements}) for whoever looks;
		 * costs next to nothing.
		 */
		public Builder statementStatistics() {
			return serverConfig("shared_preload_libraries", "pg_stat_statements");
		}

		public Builder serverConfig(String name, String value) {
			this.serverConfig.put(name, value);
			return this;
		}

		public EmbeddedPostgresServer start() throws IOException {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPGStartupWait(Duration.ofSeconds(60))
				.setOutputRedirector(ProcessBuilder.Redirect.DISCARD);
			if (this.dataDirectory != null) {
				Files.createDirectories(this.dataDirectory);
				// stopped by close(); the launcher's own shutdown hook stops it in order
				builder.setDataDirectory(this.dataDirectory)
					.setCleanDataDirectory(false)
					.setRegisterShutdownHook(false);
			}
			if (this.port != 0) {
				builder.setPort(this.port);
			}
			if (this.durable) {
				// zonky turns both off for throw-away test databases
				builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
			}
			else {
				builder.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off");
			}
			this.serverConfig.forEach(builder::setServerConfig);
			return new EmbeddedPostgresServer(builder.start());
		}

	}

}
