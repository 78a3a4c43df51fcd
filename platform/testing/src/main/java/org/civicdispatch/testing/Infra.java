package org.civicdispatch.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one PostgreSQL server and the one Kafka broker of this test JVM. Each starts on
 * first use and stops when the JVM exits.
 * <p>
 * Which kind is chosen by the system property {@code infra} (surefire passes the root
 * pom's {@code infra} property): {@code embedded} starts the platform's embedded
 * PostgreSQL and KRaft broker ({@code org.civicdispatch.embedded}, the local stack's
 * too), {@code containers} starts Testcontainers ({@code postgres:17},
 * {@code apache/kafka}), and {@code auto} or nothing picks containers when a container
 * engine answers, else embedded.
 */
public final class Infra {

	/** The system property that chooses the kind of infrastructure. */
	public static final String MODE_PROPERTY = "infra";

	private static final Logger log = LoggerFactory.getLogger(Infra.class);

	private static final Mode MODE = Mode.resolve(System.getProperty(MODE_PROPERTY));

	static {
		log.info("Test infrastructure: {} (-D{}={})", MODE.name().toLowerCase(Locale.ROOT), MODE_PROPERTY,
				System.getProperty(MODE_PROPERTY, "auto"));
	}

	private static final Lazy<JdbcPostgresServer> POSTGRES = new Lazy<>("PostgreSQL",
			() -> (MODE == Mode.CONTAINERS) ? ContainerPostgresServer.start() : EmbeddedTestPostgres.start());

	private static final Lazy<ManagedKafkaServer> KAFKA = new Lazy<>("Kafka",
			() -> (MODE == Mode.CONTAINERS) ? ContainerKafkaServer.start() : EmbeddedTestKafka.start());

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Infra::stopAll, "civic-test-infra-shutdown"));
	}

	private Infra() {
	}

	public enum Mode {

		EMBEDDED, CONTAINERS;

		static Mode resolve(String property) {
			String value = (property == null || property.isBlank()) ? "auto" : property.trim().toLowerCase(Locale.ROOT);
			return switch (value) {
				case "embedded" -> EMBEDDED;
				case "containers" -> CONTAINERS;
				case "auto" -> containerEngineReachable() ? CONTAINERS : EMBEDDED;
				default -> throw new IllegalArgumentException(
						"-D" + MODE_PROPERTY + " must be embedded, containers or auto, not " + property);
			};
		}

		private static boolean containerEngineReachable() {
			if (!containerEngineConfigured()) {
				return false;
			}
			try {
				return DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException | LinkageError ex) {
				return false;
			}
		}

		/**
		 * Whether there is any sign of a container engine, checked before asking
		 * Testcontainers, which logs a page of errors when there is none.
		 */
		private static boolean containerEngineConfigured() {
			String home = System.getProperty("user.home");
			return System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null
					|| Files.exists(Path.of("/var/run/docker.sock"))
					|| Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
					|| Files.exists(Path.of(home, ".testcontainers.properties"));
		}

	}

	public static Mode mode() {
		return MODE;
	}

	/** The PostgreSQL server, started now if it is not running yet. */
	public static PostgresServer postgres() {
		return POSTGRES.get();
	}

	/**
	 * The Kafka broker, started now if it is not running yet, with the event topics
	 * created.
	 */
	public static KafkaServer kafka() {
		return KAFKA.get();
	}

	/** Starts whichever of PostgreSQL and Kafka is not running yet, both at once. */
	public static void startAll() {
		POSTGRES.startAsync();
		KAFKA.startAsync();
		POSTGRES.get();
		KAFKA.get();
	}

	/**
	 * A second, separate Kafka broker (always embedded) that a test may stop and start
	 * again on the same address, to see what a service does while its broker is down. The
	 * caller closes it.
	 */
	public static StoppableKafka startExtraKafkaBroker() {
		return StoppableKafka.launch();
	}

	private static void stopAll() {
		KAFKA.stop(ManagedKafkaServer::stop);
		POSTGRES.stop(JdbcPostgresServer::stop);
	}

	/** Starts a server once, on first demand, and remembers how long that took. */
	private static final class Lazy<T> {

		private final String name;

		private final Supplier<T> starter;

		private CompletableFuture<T> started;

		Lazy(String name, Supplier<T> starter) {
			this.name = name;
			this.starter = starter;
		}

		synchronized CompletableFuture<T> startAsync() {
			if (this.started == null) {
				this.started = CompletableFuture.supplyAsync(() -> {
					long begin = System.nanoTime();
					T server = this.starter.get();
					log.info("{} ({}) started in {} ms", this.name, MODE.name().toLowerCase(Locale.ROOT),
							(System.nanoTime() - begin) / 1_000_000);
					return server;
				}, runnable -> {
					Thread thread = new Thread(runnable, "civic-test-infra-start-" + this.name);
					thread.setDaemon(true);
					thread.start();
				});
			}
			return this.started;
		}

		T get() {
			try {
				return startAsync().join();
			}
			catch (CompletionException ex) {
				throw new IllegalStateException("Could not start test " + this.name + " (" + MODE + ")", ex.getCause());
			}
		}

		void stop(Consumer<T> stopper) {
			CompletableFuture<T> running;
			synchronized (this) {
				running = this.started;
			}
			if (running != null && running.isDone() && !running.isCompletedExceptionally()) {
				try {
					stopper.accept(running.join());
				}
				catch (RuntimeException ex) {
					log.warn("Could not stop test {} cleanly", this.name, ex);
				}
			}
		}

	}

}
