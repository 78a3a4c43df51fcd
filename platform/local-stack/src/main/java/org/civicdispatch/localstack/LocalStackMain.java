package org.civicdispatch.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.civicdispatch.embedded.EmbeddedPostgresServer;

/**
 * {@code java -jar platform/local-stack/target/local-stack.jar}: starts the platform,
 * prints where everything listens, and stops it all on Ctrl-C. Configured through the
 * environment (see README.md). {@code --demo-data} (with {@code --small},
 * {@code --orders=N}) also makes the demo data set of {@link DemoData} once everything is
 * up.
 */
public final class LocalStackMain {

	private LocalStackMain() {
	}

	public static void main(String[] args) throws Exception {
		LocalStack.Builder builder = fromEnvironment(System.getenv());
		// --demo-data: order-service may back-date orders (only then), and the demo data
		// set is made once the stack is up
		boolean demoData = Arrays.asList(args).contains("--demo-data");
		if (demoData) {
			builder.env(Service.ORDER, "CIVIC_DEMO_DATA", "true");
		}
		// System.exit from a thread of its own: the shutdown hook waits for Kafka's
		// threads
		builder.onKafkaFatal(reason -> new Thread(() -> {
			System.err.println("Kafka stopped on a fatal error (" + reason + "); stopping the local stack.");
			System.exit(1);
		}, "local-stack-kafka-fatal").start());
		LocalStack stack = builder.build();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping the local stack...");
			stack.stop();
			System.out.println("Local stack stopped.");
		}, "local-stack-shutdown"));
		long begin = System.nanoTime();
		try {
			stack.start();
		}
		catch (Exception ex) {
			System.err.println("The local stack could not start: " + ex.getMessage());
			if (!(ex instanceof IllegalStateException)) {
				ex.printStackTrace();
			}
			System.exit(1);
		}
		printSummary(stack, (System.nanoTime() - begin) / 1_000_000_000);
		if (demoData) {
			// adds nothing when the demo centre is already there (a restart with the same
			// data folder)
			new DemoData(stack.gatewayUrl(), DemoData.Size.of(Arrays.asList(args)), System.out).run();
		}
		Thread.currentThread().join();
	}

	/** The launcher's settings, as README.md lists them, from the environment. */
	static LocalStack.Builder fromEnvironment(Map<String, String> env) {
		LocalStack.Builder builder = LocalStack.builder()
			.dataDirectory(Path.of(env.getOrDefault("LOCAL_STACK_DATA_DIR", ".local-stack")));
		if (!Boolean.parseBoolean(env.getOrDefault("LOCAL_STACK_QUIET", "false"))) {
			builder.console(System.out);
		}
		Optional.ofNullable(env.get("CIVIC_JARS_DIR")).map(Path::of).ifPresent(builder::jarsDirectory);
		Optional.ofNullable(env.get("LOCAL_STACK_SERVICE_JAVA_OPTS"))
			.map(opts -> Arrays.stream(opts.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList())
			.ifPresent(builder::javaOptions);
		Optional.ofNullable(env.get("LOCAL_STACK_AOT_CACHE"))
			.filter(s -> !s.isBlank())
			.map(s -> Boolean.parseBoolean(s.trim()))
			.ifPresent(builder::aotCache);
		Optional.ofNullable(env.get("LOCAL_STACK_SERVICES"))
			.filter(s -> !s.isBlank())
			.map(s -> Arrays.stream(s.split(",")).map(String::trim).map(Service::named).toArray(Service[]::new))
			.ifPresent(builder::services);
		for (Service service : Service.values()) {
			String name = service.module().toUpperCase().replace('-', '_') + "_PORT";
			Optional.ofNullable(env.get(name)).map(Integer::parseInt).ifPresent(port -> builder.port(service, port));
		}
		intValue(env, "LOCAL_STACK_REPLICAS").ifPresent(builder::replicas);
		// an outside OpenID Connect provider (README, "Using an outside OpenID Connect
		// provider")
		String jwksUri = blankToNull(env.get("JWKS_URI"));
		String issuer = blankToNull(env.get("JWT_ISSUER"));
		if (jwksUri != null || issuer != null) {
			builder.identityProvider(jwksUri, issuer);
			if (jwksUri != null && issuer == null) {
				System.err.println("JWKS_URI is set but JWT_ISSUER is not: tokens must then name the issuer "
						+ "civic-dispatch. Set JWT_ISSUER to your provider's issuer.");
			}
		}
		Optional.ofNullable(env.get("LOCAL_STACK_RESTARTS"))
			.filter(s -> !s.isBlank())
			.map(s -> Boolean.parseBoolean(s.trim()))
			.ifPresent(builder::restarts);
		intValue(env, "LOCAL_STACK_POSTGRES_PORT").ifPresent(builder::postgresPort);
		intValue(env, "LOCAL_STACK_KAFKA_PORT").ifPresent(
				port -> builder.kafkaPorts(port, intValue(env, "LOCAL_STACK_KAFKA_CONTROLLER_PORT").orElse(port + 1)));
		outsideDatabase(env)
			.ifPresent(db -> builder.externalDatabase(db.host(), db.port(), db.username(), db.password()));
		Optional.ofNullable(env.get("KAFKA_BOOTSTRAP_SERVERS"))
			.filter(s -> !s.isBlank())
			.ifPresent(builder::externalKafka);
		return builder;
	}

	private static void printSummary(LocalStack stack, long seconds) {
		StringBuilder out = new StringBuilder();
		out.append("\n================ Civic Dispatch local stack is up (")
			.append(seconds)
			.append(" s) ================\n");
		out.append(String.format("  %-18s %s   <- the public API (curl %s/actuator/health)%n", "gateway",
				stack.gatewayUrl(), stack.gatewayUrl()));
		for (Service service : List.of(Service.VOLUNTEER, Service.ORDER, Service.POINTS)) {
			if (stack.runs(service)) {
				out.append(String.format("  %-18s %s%n", service.module(),
						String.join(", ", stack.serviceUrls(service.module()))));
			}
		}
		out.append(String.format("  %-18s %s:%d (databases volunteers, orders, points)%n", "PostgreSQL",
				stack.databaseHost(), stack.databasePort()));
		out.append(String.format("  %-18s %s%n", "Kafka", stack.kafkaBootstrapServers()));
		out.append(String.format("  %-18s %s (logs in %s)%n", "data", stack.dataDirectory(),
				stack.dataDirectory().resolve("logs")));
		if (stack.issuer() != null && !stack.jwksUri().startsWith(stack.serviceUrl(Service.VOLUNTEER))) {
			out.append(String.format("  %-18s tokens of %s only (keys at %s)%n", "sign-in", stack.issuer(),
					stack.jwksUri()));
		}
		else {
			out.append(String.format("  %-18s phone 13800000000, password Admin@12345%n", "development admin"));
		}
		if (stack.restartsCrashedServices()) {
			out.append(String.format("  %-18s a service that dies is restarted; cat %s shows each one's restarts%n",
					"restarts", stack.dataDirectory().resolve("status")));
		}
		out.append("  Press Ctrl-C to stop everything.\n");
		out.append("==========================================================================\n");
		System.out.print(out);
		System.out.flush();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static Optional<Integer> intValue(Map<String, String> env, String name) {
		return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank()).map(String::trim).map(Integer::parseInt);
	}

	/**
	 * {@code DATABASE_HOST}/{@code DATABASE_PORT}, or a {@code DATABASE_URL} such as
	 * {@code postgresql://user:pw@host:5432}.
	 */
	static Optional<OutsideDatabase> outsideDatabase(Map<String, String> env) {
		String username = env.getOrDefault("DATABASE_USERNAME", EmbeddedPostgresServer.USERNAME);
		String password = env.getOrDefault("DATABASE_PASSWORD", EmbeddedPostgresServer.PASSWORD);
		String host = env.get("DATABASE_HOST");
		if (host != null && !host.isBlank()) {
			int port = intValue(env, "DATABASE_PORT").orElse(5432);
			return Optional.of(new OutsideDatabase(host.trim(), port, username, password));
		}
		String url = env.get("DATABASE_URL");
		if (url == null || url.isBlank()) {
			return Optional.empty();
		}
		URI uri = URI.create(url.trim().replaceFirst("^jdbc:", ""));
		if (uri.getUserInfo() != null) {
			String[] parts = uri.getUserInfo().split(":", 2);
			username = parts[0];
			password = (parts.length > 1) ? parts[1] : password;
		}
		return Optional
			.of(new OutsideDatabase(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432, username, password));
	}

	record OutsideDatabase(String host, int port, String username, String password) {
	}

}
