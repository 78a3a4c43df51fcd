package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.civicdispatch.embedded.EmbeddedKafka;
import org.civicdispatch.embedded.EmbeddedPostgresServer;
import org.civicdispatch.embedded.FreePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine: PostgreSQL and a Kafka broker (embedded unless
 * outside servers are configured), then the three services and the gateway as child JVMs.
 * A service that dies after it was healthy (a crash, {@code kill -9}) is restarted on its
 * own after a back-off that doubles with each crash in a row, as Kubernetes would restart
 * its container.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().freePorts().dataDirectory(tmp).build()) {
 *     stack.start();
 *     String gateway = stack.gatewayUrl();
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	private final Config config;

	/**
	 * A service that ran this long before it died is restarted after the first back-off
	 * again.
	 */
	private static final Duration STABLE = Duration.ofMinutes(1);

	/**
	 * Each service's instances (one, or {@code replicas} of the three services), in start
	 * order.
	 */
	private final Map<Service, List<ServiceProcess>> services = Collections
		.synchronizedMap(new EnumMap<>(Service.class));

	/** Crashes in a row per instance, for the back-off. */
	private final Map<String, Integer> crashStreaks = new ConcurrentHashMap<>();

	private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(
			task -> Thread.ofPlatform().daemon().name("local-stack-restarts").unstarted(task));

	/**
	 * Set by {@link #stop()} so that a start still in progress gives up instead of
	 * starting more.
	 */
	private volatile boolean stopRequested;

	private EmbeddedPostgresServer postgres;

	private EmbeddedKafka kafka;

	private String databaseHost;

	private int databasePort;

	private String kafkaBootstrapServers;

	private boolean started;

	private LocalStack(Config config) {
		this.config = config;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts infrastructure and every service, and returns once all of them are healthy.
	 */
	public synchronized void start() throws Exception {
		if (this.started) {
			return;
		}
		this.started = true;
		this.stopRequested = false;
		long begin = System.nanoTime();
		Files.createDirectories(this.config.dataDirectory);
		try {
			Map<Service, Path> jars = locateJars();
			Leftovers.cleanUp(this.config.dataDirectory, this.config.dataDirectory.resolve("postgres"));
			CompletableFuture<Void> broker = startInfrastructure();
			checkNotStopping();
			for (Service service : this.config.services) {
				List<ServiceProcess> instances = new ArrayList<>();
				for (int replica = 0; replica < replicas(service); replica++) {
					instances.add(newProcess(service, replica, jars.get(service)));
				}
				this.services.put(service, List.copyOf(instances));
			}
			startAndAwait(allInstances(), broker);
			log.info("Local stack up in {} s", (System.nanoTime() - begin) / 1_000_000_000);
		}
		catch (Exception ex) {
			stop();
			throw ex;
		}
	}

	/**
	 * Starts PostgreSQL and the Kafka broker side by side and returns once PostgreSQL is
	 * up, with the broker still starting: the services need the database from their first
	 * second (Flyway), the broker only when their Kafka clients connect, well into their
	 * start-up, and a client waits for a broker that is not up yet. The returned future
	 * completes once the broker answers; the stack is up only after that.
	 */
	private CompletableFuture<Void> startInfrastructure() throws Exception {
		prepareKafka();
		CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> call(this::startKafka),
				LocalStack::inNewThread);
		startDatabase();
		return broker;
	}

	private void startDatabase() throws Exception {
		if (this.config.externalDatabaseHost != null) {
			this.databaseHost = this.config.externalDatabaseHost;
			this.databasePort = this.config.postgresPort;
			log.info("Using PostgreSQL at {}:{}", this.databaseHost, this.databasePort);
		}
		else {
			this.postgres = EmbeddedPostgresServer.builder()
				.dataDirectory(this.config.dataDirectory.resolve("postgres"))
				.port(this.config.postgresPort)
				.durable(this.config.durable)
				// statement counts per query for whoever looks (benchmarks/run.sh does)
				.statementStatistics()
				.start();
			this.databaseHost = "localhost";
			this.databasePort = this.postgres.port();
			log.info("Embedded PostgreSQL listening on localhost:{}", this.databasePort);
		}
		List<String> databases = this.config.services.stream().map(Service::database).filter(Objects::nonNull).toList();
		createDatabases(this.databaseHost, this.databasePort, this.config.databaseUsername,
				this.config.databasePassword, databases);
	}

	/** Creates each database that does not exist yet. */
	private static void createDatabases(String host, int port, String username, String password,
			Collection<String> names) throws SQLException {
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

	/**
	 * The broker's address (known before it starts) and, unless it is external, the
	 * broker.
	 */
	private void prepareKafka() {
		if (this.config.externalKafka != null) {
			this.kafkaBootstrapServers = this.config.externalKafka;
			log.info("Using Kafka at {}", this.kafkaBootstrapServers);
			return;
		}
		this.kafka = EmbeddedKafka.builder()
			.dataDirectory(this.config.dataDirectory.resolve("kafka"))
			.logFile(this.config.dataDirectory.resolve("logs").resolve("kafka.log"))
			.ports(this.config.kafkaPort, this.config.kafkaControllerPort)
			.onFatal(this.config.onKafkaFatal)
			.build();
		this.kafkaBootstrapServers = this.kafka.bootstrapServers();
	}

	private void startKafka() {
		if (this.kafka != null) {
			this.kafka.start();
			log.info("Embedded Kafka listening on {}", this.kafkaBootstrapServers);
		}
	}

	/**
	 * How many instances of a service run: {@code replicas} of the three services, one
	 * gateway.
	 */
	int replicas(Service service) {
		return (service == Service.GATEWAY) ? 1 : this.config.replicas;
	}

	private List<ServiceProcess> allInstances() {
		synchronized (this.services) {
			return this.services.values().stream().flatMap(List::stream).toList();
		}
	}

	private ServiceProcess newProcess(Service service, int replica, Path jar) {
		int port = this.config.port(service, replica);
		String name = (replicas(service) == 1) ? service.module() : service.module() + "-" + (replica + 1);
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", String.valueOf(port));
		env.put("KAFKA_BOOTSTRAP_SERVERS", this.kafkaBootstrapServers);
		// a consumer killed with kill -9 leaves its group after 10 s instead of Kafka's
		// 45, so the
		// partitions it held go on as soon as the stack has restarted it (or at once to
		// another replica)
		env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "10000");
		env.put("JWKS_URI", jwksUri());
		if (this.config.issuer != null) {
			env.put("JWT_ISSUER", this.config.issuer);
		}
		if (service.database() != null) {
			env.put("DATABASE_HOST", this.databaseHost);
			env.put("DATABASE_PORT", String.valueOf(this.databasePort));
			env.put("DATABASE_NAME", service.database());
			env.put("DATABASE_USERNAME", this.config.databaseUsername);
			env.put("DATABASE_PASSWORD", this.config.databasePassword);
		}
		if (service == Service.VOLUNTEER) {
			env.put("CIVIC_SEED_ADMIN", "true");
			// a 志愿服务证明's QR code opens the check of its code on this stack's gateway
			env.put("CIVIC_PUBLIC_URL", gatewayUrl());
		}
		if (service == Service.ORDER) {
			// photos as files next to the stack's other data, shared by all replicas
			env.put("PHOTO_STORAGE_DIR", this.config.dataDirectory.resolve("photos").toAbsolutePath().toString());
		}
		if (service == Service.GATEWAY) {
			routeGateway(env);
		}
		env.putAll(this.config.extraEnv.getOrDefault(service, Map.of()));
		Path logFile = this.config.dataDirectory.resolve("logs").resolve(name + ".log");
		// the first instance trains the cache while there is none; two writing one file
		// would spoil it
		AotCache aotCache = this.config.aotCache ? AotCache.of(jar, replica == 0).orElse(null) : null;
		return new ServiceProcess(service, name, jar, port, env, this.config.javaOptions, aotCache, logFile,
				this.config.console);
	}

	/**
	 * One instance of each service: the gateway routes to its URL. Several: to
	 * {@code lb://<service>}, balanced over the instances listed for it (Spring Cloud
	 * LoadBalancer's static list, given as {@code SPRING_APPLICATION_JSON}), those that
	 * are healthy at the last check.
	 */
	private void routeGateway(Map<String, String> env) {
		List<Service> routed = List.of(Service.VOLUNTEER, Service.ORDER, Service.POINTS);
		if (this.config.replicas == 1) {
			for (Service target : routed) {
				env.put(urlVariable(target), serviceUrl(target));
			}
			return;
		}
		StringBuilder instances = new StringBuilder();
		for (Service target : routed) {
			env.put(urlVariable(target), "lb://" + target.module());
			instances.append(instances.isEmpty() ? "" : ",").append('"').append(target.module()).append("\":[");
			for (int replica = 0; replica < this.config.replicas; replica++) {
				instances.append((replica == 0) ? "" : ",")
					.append("{\"uri\":\"")
					.append(serviceUrl(target, replica))
					.append("\"}");
			}
			instances.append(']');
		}
		env.put("SPRING_APPLICATION_JSON",
				"{\"spring\":{\"cloud\":{\"discovery\":{\"client\":{\"simple\":{\"instances\":{" + instances
						+ "}}}},\"loadbalancer\":{\"health-check\":{\"interval\":\"1s\"}}}}}");
	}

	/** {@code ORDER_SERVICE_URL}: where the gateway routes that service. */
	private static String urlVariable(Service service) {
		return service.module().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
	}

	private void startAndAwait(List<ServiceProcess> which) throws Exception {
		startAndAwait(which, CompletableFuture.completedFuture(null));
	}

	/**
	 * Starts the instances and waits until each is healthy and {@code alsoAwait} is done.
	 */
	private void startAndAwait(List<ServiceProcess> which, CompletableFuture<Void> alsoAwait) throws Exception {
		for (ServiceProcess process : which) {
			process.start();
			log.info("Starting {} (pid {}) on port {}, log {}", process.name(), process.pid(), process.port(),
					process.logFile());
			checkNotStopping();
		}
		Leftovers.record(this.config.dataDirectory, allInstances());
		List<CompletableFuture<Void>> waits = new ArrayList<>(
				which.stream().map(p -> CompletableFuture.runAsync(() -> call(() -> {
					p.awaitHealthy(this.config.startupTimeout);
					log.info("{} is healthy at {}", p.name(), p.baseUrl());
				}), LocalStack::inNewThread)).toList());
		waits.add(alsoAwait);
		try {
			CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		if (this.config.restarts) {
			which.forEach(p -> p.supervise(exit -> crashed(p, exit)));
		}
		writeStatus();
	}

	/**
	 * An instance died without being asked to: say so loudly and restart it after the
	 * back-off.
	 */
	private void crashed(ServiceProcess process, ServiceProcess.Exit exit) {
		if (this.stopRequested || process.stopRequested()) {
			return;
		}
		int streak = this.crashStreaks.merge(process.name(), 1,
				(before, one) -> exit.ran().compareTo(STABLE) >= 0 ? 1 : before + 1);
		Duration delay = backOff(streak);
		log.error("""

				!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
				!!! {} (pid {}) died: {} after {} s up. Restarting it in {} ms (restart #{}).
				!!! Its last lines are in {}
				!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!""", process.name(),
				exit.pid(), exit.describe(), exit.ran().toSeconds(), delay.toMillis(), process.restarts() + 1,
				process.logFile());
		writeStatus();
		try {
			this.restarter.schedule(() -> restart(process, streak), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// the stack is stopping
		}
	}

	/**
	 * {@code first}, doubled for each crash in a row before this one, at most
	 * {@code max}.
	 */
	Duration backOff(int streak) {
		Duration delay = this.config.restartBackOff;
		for (int i = 1; i < streak && delay.compareTo(this.config.maxRestartBackOff) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.config.maxRestartBackOff) > 0) ? this.config.maxRestartBackOff : delay;
	}

	private void restart(ServiceProcess process, int streak) {
		if (this.stopRequested || process.stopRequested()) {
			return;
		}
		try {
			process.restart();
		}
		catch (IOException ex) {
			log.error("Could not restart {}: {}; trying again", process.name(), ex.toString());
			this.restarter.schedule(() -> restart(process, streak + 1), backOff(streak + 1).toMillis(),
					TimeUnit.MILLISECONDS);
			return;
		}
		log.warn("Restarted {} (pid {}), restart #{}; waiting until it is healthy", process.name(), process.pid(),
				process.restarts());
		Leftovers.record(this.config.dataDirectory, allInstances());
		writeStatus();
		try {
			process.awaitHealthy(this.config.startupTimeout);
			log.warn("{} is healthy again after restart #{}\n  {}", process.name(), process.restarts(),
					process.statusLine());
		}
		catch (IllegalStateException ex) {
			// died again before it was healthy: its exit has scheduled the next try
			// already
			if (!this.stopRequested && !process.stopRequested()) {
				log.error("{} did not come back: {}", process.name(), ex.getMessage().lines().findFirst().orElse(""));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		writeStatus();
	}

	/** Every instance's status line, as {@code <data>/status} holds them. */
	public List<String> statusLines() {
		return allInstances().stream().map(ServiceProcess::statusLine).toList();
	}

	/**
	 * Keeps {@code <data>/status} current: {@code cat .local-stack/status} shows each
	 * instance and its restarts.
	 */
	private void writeStatus() {
		try {
			Files.write(this.config.dataDirectory.resolve("status"), statusLines());
		}
		catch (IOException ex) {
			log.debug("Could not write the status file: {}", ex.toString());
		}
	}

	/**
	 * Stops a service, every instance of it, or one instance by its name
	 * ({@code order-service-2}), as a deployment would: the stack does not restart it.
	 * Everything else keeps running.
	 */
	public void stopService(String name) {
		for (ServiceProcess process : instances(name)) {
			log.info("Stopping {}", process.name());
			process.stop(this.config.stopGrace);
		}
		writeStatus();
	}

	/** Starts what {@link #stopService} stopped again and waits until it is healthy. */
	public void startService(String name) throws Exception {
		startAndAwait(instances(name));
	}

	/** Whether a service that dies is restarted ({@link Builder#restarts}). */
	public boolean restartsCrashedServices() {
		return this.config.restarts;
	}

	boolean runs(Service service) {
		return this.services.containsKey(service);
	}

	/** Whether a service (any of its instances) or one instance is running. */
	public boolean isRunning(String name) {
		return instances(name).stream().anyMatch(ServiceProcess::isRunning);
	}

	/** The process id of a service's first instance, or of the instance named. */
	public long pid(String name) {
		return instances(name).get(0).pid();
	}

	/**
	 * How many times the stack restarted a service (all its instances) or one instance
	 * after a crash.
	 */
	public int restarts(String name) {
		return instances(name).stream().mapToInt(ServiceProcess::restarts).sum();
	}

	/**
	 * The names of a service's instances: {@code order-service}, or
	 * {@code order-service-1}, {@code order-service-2}...
	 */
	public List<String> instanceNames(String service) {
		return requireProcesses(Service.named(service)).stream().map(ServiceProcess::name).toList();
	}

	/**
	 * One instance by its name ({@code order-service-2}), else every instance of the
	 * service so named.
	 */
	private List<ServiceProcess> instances(String name) {
		for (ServiceProcess process : allInstances()) {
			if (process.name().equals(name)) {
				return List.of(process);
			}
		}
		return requireProcesses(Service.named(name));
	}

	private List<ServiceProcess> requireProcesses(Service service) {
		List<ServiceProcess> processes = this.services.get(service);
		if (processes == null) {
			throw new IllegalStateException(service.module() + " is not part of this stack");
		}
		return processes;
	}

	private void checkNotStopping() {
		if (this.stopRequested) {
			throw new IllegalStateException("The local stack was asked to stop while it was starting");
		}
	}

	/**
	 * Stops the services, then Kafka, then PostgreSQL. Safe to call more than once, and
	 * from another thread (Ctrl-C) while {@link #start()} is still waiting for the
	 * services: they are stopped at once, and the start gives up.
	 */
	public void stop() {
		this.stopRequested = true;
		List<ServiceProcess> running = allInstances();
		// the gateway first so no new requests come in, then the rest together
		running.stream().filter(p -> p.service() == Service.GATEWAY).forEach(p -> p.stop(this.config.stopGrace));
		running.parallelStream().forEach(p -> p.stop(this.config.stopGrace));
		stopInfrastructure();
	}

	private synchronized void stopInfrastructure() {
		// a start that was under way has failed by now and stopped what it had started
		allInstances().forEach(p -> p.stop(this.config.stopGrace));
		if (this.kafka != null) {
			try {
				this.kafka.close();
			}
			catch (RuntimeException ex) {
				log.warn("Kafka did not stop cleanly", ex);
			}
			this.kafka = null;
		}
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException | RuntimeException ex) {
				log.warn("PostgreSQL did not stop cleanly", ex);
			}
			this.postgres = null;
		}
		if (!allInstances().isEmpty()) {
			writeStatus();
		}
		this.started = false;
	}

	@Override
	public void close() {
		stop();
	}

	public String gatewayUrl() {
		return serviceUrl(Service.GATEWAY);
	}

	/**
	 * The base URL of one service, e.g. {@code serviceUrl("order-service")} to bypass the
	 * gateway.
	 */
	public String serviceUrl(String name) {
		for (ServiceProcess process : allInstances()) {
			if (process.name().equals(name)) {
				return process.baseUrl();
			}
		}
		return serviceUrl(Service.named(name));
	}

	String serviceUrl(Service service) {
		return serviceUrl(service, 0);
	}

	String serviceUrl(Service service, int replica) {
		return "http://localhost:" + this.config.port(service, replica);
	}

	/** The base URL of each instance of a service. */
	public List<String> serviceUrls(String name) {
		Service service = Service.named(name);
		List<String> urls = new ArrayList<>();
		for (int replica = 0; replica < replicas(service); replica++) {
			urls.add(serviceUrl(service, replica));
		}
		return urls;
	}

	/**
	 * Where every service fetches the token signing keys: an outside provider's, else
	 * volunteer-service's own.
	 */
	public String jwksUri() {
		return Optional.ofNullable(this.config.jwksUri)
			.or(() -> Optional
				.ofNullable(this.config.extraEnv.getOrDefault(Service.VOLUNTEER, Map.of()).get("JWKS_URI")))
			.orElse(serviceUrl(Service.VOLUNTEER) + "/.well-known/jwks.json");
	}

	/**
	 * The issuer tokens must name when an outside provider is configured; {@code null}
	 * for the platform's own.
	 */
	public String issuer() {
		return this.config.issuer;
	}

	public String databaseHost() {
		return this.databaseHost;
	}

	public int databasePort() {
		return this.databasePort;
	}

	public String kafkaBootstrapServers() {
		return this.kafkaBootstrapServers;
	}

	public Path dataDirectory() {
		return this.config.dataDirectory;
	}

	public Path logFile(String name) {
		return instances(name).get(0).logFile();
	}

	/**
	 * Total resident memory of the launcher (with the embedded broker) and every service,
	 * in MiB, from /proc.
	 */
	public long residentMemoryMiB() {
		long kib = residentKiB(ProcessHandle.current().pid());
		for (ServiceProcess process : allInstances()) {
			if (process.isRunning()) {
				kib += residentKiB(process.pid());
			}
		}
		return kib / 1024;
	}

	private static long residentKiB(long pid) {
		try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
			return lines.filter(l -> l.startsWith("VmRSS:"))
				.map(l -> l.replaceAll("\\D", ""))
				.mapToLong(Long::parseLong)
				.sum();
		}
		catch (IOException | UncheckedIOException ex) {
			return 0;
		}
	}

	private Map<Service, Path> locateJars() {
		Map<Service, Path> jars = new EnumMap<>(Service.class);
		List<String> missing = new ArrayList<>();
		for (Service service : this.config.services) {
			Optional<Path> jar = (this.config.jarsDirectory != null) ? findJar(this.config.jarsDirectory, service)
					: findJar(this.config.repositoryRoot.resolve(service.module()).resolve("target"), service);
			jar.ifPresentOrElse(j -> jars.put(service, j), () -> missing.add(service.module()));
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("No executable jar for " + missing + " in "
					+ ((this.config.jarsDirectory != null) ? this.config.jarsDirectory
							: this.config.repositoryRoot + "/<module>/target")
					+ ". Build them first: ./mvnw -B -q install -DskipTests");
		}
		// each extracted once (ExtractedJars), side by side: a JVM apiece
		Map<Service, CompletableFuture<Path>> extracted = new EnumMap<>(Service.class);
		jars.forEach((service, jar) -> extracted.put(service, CompletableFuture.supplyAsync(() -> ExtractedJars.of(jar),
				Thread.ofPlatform().daemon().name("local-stack-extract")::start)));
		Map<Service, Path> runnable = new EnumMap<>(Service.class);
		extracted.forEach((service, jar) -> runnable.put(service, jar.join()));
		return runnable;
	}

	private static Optional<Path> findJar(Path dir, Service service) {
		if (!Files.isDirectory(dir)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> {
				String name = f.getFileName().toString();
				return name.startsWith(service.module()) && name.endsWith(".jar") && !name.endsWith("-plain.jar")
						&& !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")
						&& !name.endsWith("-javadoc.jar");
			}).max(Comparator.comparing(f -> f.toFile().lastModified()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int freePort() {
		return FreePort.next();
	}

	/**
	 * Runs a start-up step in a thread of its own: unlike the common pool's, it inherits
	 * this thread's context class loader, which Kafka loads its classes through (in the
	 * repackaged jar that is not the system class loader).
	 */
	private static void inNewThread(Runnable task) {
		Thread.ofPlatform().daemon().name("local-stack-start").start(task);
	}

	private static void call(ThrowingRunnable runnable) {
		try {
			runnable.run();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CompletionException(ex);
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

	private record Config(Path dataDirectory, Path repositoryRoot, Path jarsDirectory, List<Service> services,
			Map<Service, List<Integer>> ports, int replicas, int postgresPort, int kafkaPort, int kafkaControllerPort,
			String externalDatabaseHost, String databaseUsername, String databasePassword, String externalKafka,
			List<String> javaOptions, boolean aotCache, Map<Service, Map<String, String>> extraEnv, PrintStream console,
			Duration startupTimeout, Duration stopGrace, boolean durable, Consumer<String> onKafkaFatal,
			boolean restarts, Duration restartBackOff, Duration maxRestartBackOff, String jwksUri, String issuer) {

		int port(Service service, int replica) {
			return this.ports.get(service).get(replica);
		}

	}

	/**
	 * Settings for a {@link LocalStack}; the defaults are what {@code local-stack.jar}
	 * uses.
	 */
	public static final class Builder {

		private Path dataDirectory = Path.of(".local-stack");

		private Path repositoryRoot;

		private Path jarsDirectory;

		private List<Service> services = List.of(Service.values());

		private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

		private int postgresPort = 15432;

		private int kafkaPort = 19092;

		private int kafkaControllerPort = 19093;

		private String externalDatabaseHost;

		private String databaseUsername = EmbeddedPostgresServer.USERNAME;

		private String databasePassword = EmbeddedPostgresServer.PASSWORD;

		private String externalKafka;

		private List<String> javaOptions = defaultJavaOptions();

		private boolean aotCache;

		private final Map<Service, Map<String, String>> extraEnv = new EnumMap<>(Service.class);

		private Consumer<String> onKafkaFatal = reason -> {
		};

		private PrintStream console;

		private Duration startupTimeout = Duration.ofMinutes(5);

		private int replicas = 1;

		private boolean freePorts;

		private boolean restarts = true;

		private Duration restartBackOff = Duration.ofSeconds(1);

		private Duration maxRestartBackOff = Duration.ofSeconds(30);

		private String jwksUri;

		private String issuer;

		private Duration stopGrace = Duration.ofSeconds(30);

		private boolean durable = true;

		private Builder() {
			for (Service service : Service.values()) {
				this.ports.put(service, service.defaultPort());
			}
		}

		private static List<String> defaultJavaOptions() {
			List<String> options = new ArrayList<>(
					List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Xss512k", "-XX:ReservedCodeCacheSize=96m"));
			if (Runtime.version().feature() >= 24) {
				// Netty loads its native transport; say so instead of printing a warning
				// in every service
				options.add("--enable-native-access=ALL-UNNAMED");
			}
			return List.copyOf(options);
		}

		/** Where PostgreSQL, Kafka and the service logs keep their files. */
		public Builder dataDirectory(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
			return this;
		}

		/**
		 * The checkout holding {@code <module>/target/<module>-*.jar}; found from the
		 * working directory by default.
		 */
		public Builder repositoryRoot(Path repositoryRoot) {
			this.repositoryRoot = repositoryRoot;
			return this;
		}

		/**
		 * A folder holding every service's executable jar, instead of the module target
		 * folders.
		 */
		public Builder jarsDirectory(Path jarsDirectory) {
			this.jarsDirectory = jarsDirectory;
			return this;
		}

		/** Only these services (e.g. the gateway alone); all four by default. */
		public Builder services(Service... services) {
			this.services = List.copyOf(Arrays.asList(services));
			return this;
		}

		public Builder port(Service service, int port) {
			this.ports.put(service, port);
			return this;
		}

		public Builder postgresPort(int port) {
			this.postgresPort = port;
			return this;
		}

		public Builder kafkaPorts(int port, int controllerPort) {
			this.kafkaPort = port;
			this.kafkaControllerPort = controllerPort;
			return this;
		}

		/**
		 * Every port picked free, for tests running next to a local stack or another
		 * build.
		 */
		public Builder freePorts() {
			this.freePorts = true;
			this.ports.replaceAll((service, port) -> freePort());
			this.postgresPort = freePort();
			this.kafkaPort = freePort();
			this.kafkaControllerPort = freePort();
			return this;
		}

		/** Use this PostgreSQL server instead of an embedded one. */
		public Builder externalDatabase(String host, int port, String username, String password) {
			this.externalDatabaseHost = host;
			this.postgresPort = port;
			this.databaseUsername = username;
			this.databasePassword = password;
			return this;
		}

		/** Use this Kafka cluster instead of an embedded broker. */
		public Builder externalKafka(String bootstrapServers) {
			this.externalKafka = bootstrapServers;
			return this;
		}

		/** JVM options of every service process. */
		/**
		 * Whether the services start from a JDK AOT cache ({@link AotCache}), trained by
		 * the first run of each jar that exits. Off by default: a training run takes
		 * several seconds longer to stop.
		 */
		public Builder aotCache(boolean aotCache) {
			this.aotCache = aotCache;
			return this;
		}

		public Builder javaOptions(List<String> javaOptions) {
			this.javaOptions = List.copyOf(javaOptions);
			return this;
		}

		/** Extra environment for one service, e.g. a lower rate limit in a test. */
		public Builder env(Service service, String name, String value) {
			this.extraEnv.computeIfAbsent(service, s -> new HashMap<>()).put(name, value);
			return this;
		}

		/**
		 * Copy every service's output to this stream, each line prefixed with the service
		 * name.
		 */
		public Builder console(PrintStream console) {
			this.console = console;
			return this;
		}

		/**
		 * How many instances of each of the three services to run (the gateway stays one
		 * and balances between them); the second listens 100 above the first
		 * ({@code 8182}), the third 200 above, unless {@link #freePorts()} picks them.
		 */
		public Builder replicas(int replicas) {
			if (replicas < 1 || replicas > 9) {
				throw new IllegalArgumentException("replicas must be 1 to 9, not " + replicas);
			}
			this.replicas = replicas;
			return this;
		}

		/**
		 * Trust an outside OpenID Connect provider instead of volunteer-service's own
		 * tokens: every service gets {@code JWKS_URI} and {@code JWT_ISSUER} (either may
		 * be {@code null} to keep the platform's own).
		 */
		public Builder identityProvider(String jwksUri, String issuer) {
			this.jwksUri = jwksUri;
			this.issuer = issuer;
			return this;
		}

		/**
		 * Whether a service that dies after it was healthy is restarted (the default).
		 */
		public Builder restarts(boolean restarts) {
			this.restarts = restarts;
			return this;
		}

		/**
		 * The wait before restarting a crashed service, doubled for each crash in a row
		 * up to {@code max}.
		 */
		public Builder restartBackOff(Duration first, Duration max) {
			this.restartBackOff = first;
			this.maxRestartBackOff = max;
			return this;
		}

		public Builder startupTimeout(Duration startupTimeout) {
			this.startupTimeout = startupTimeout;
			return this;
		}

		public Builder stopGrace(Duration stopGrace) {
			this.stopGrace = stopGrace;
			return this;
		}

		/**
		 * Whether PostgreSQL syncs commits to disk (the default, so a crash keeps the
		 * data); tests that throw the data away may turn it off for speed.
		 */
		public Builder durable(boolean durable) {
			this.durable = durable;
			return this;
		}

		/**
		 * What to do when the embedded Kafka broker meets a fatal error (it is logged
		 * first). By default nothing more: the broker is unusable and clients will say
		 * so. The launcher exits, so its shutdown hook stops the services.
		 */
		public Builder onKafkaFatal(Consumer<String> onKafkaFatal) {
			this.onKafkaFatal = onKafkaFatal;
			return this;
		}

		public LocalStack build() {
			Path data = this.dataDirectory.toAbsolutePath().normalize();
			Path root = (this.repositoryRoot != null) ? this.repositoryRoot.toAbsolutePath().normalize()
					: findRepositoryRoot();
			Map<Service, Map<String, String>> env = new EnumMap<>(Service.class);
			this.extraEnv.forEach((service, values) -> env.put(service, Map.copyOf(values)));
			Map<Service, List<Integer>> instancePorts = new EnumMap<>(Service.class);
			this.ports.forEach((service, first) -> {
				List<Integer> list = new ArrayList<>(List.of(first));
				for (int replica = 1; replica < this.replicas; replica++) {
					list.add(this.freePorts ? freePort() : first + 100 * replica);
				}
				instancePorts.put(service, List.copyOf(list));
			});
			return new LocalStack(new Config(data, root, this.jarsDirectory, this.services, instancePorts,
					this.replicas, this.postgresPort, this.kafkaPort, this.kafkaControllerPort,
					this.externalDatabaseHost, this.databaseUsername, this.databasePassword, this.externalKafka,
					this.javaOptions, this.aotCache, env, this.console, this.startupTimeout, this.stopGrace,
					this.durable, this.onKafkaFatal, this.restarts, this.restartBackOff, this.maxRestartBackOff,
					this.jwksUri, this.issuer));
		}

		/**
		 * The nearest folder holding the gateway module, from the working directory up,
		 * else from where this launcher's jar lies
		 * ({@code <root>/platform/local-stack/target/}).
		 */
		private static Path findRepositoryRoot() {
			Path dir = Path.of("").toAbsolutePath();
			return checkoutAbove(dir).or(() -> launcherLocation().flatMap(Builder::checkoutAbove)).orElse(dir);
		}

		private static Optional<Path> checkoutAbove(Path start) {
			for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
				if (Files.isDirectory(candidate.resolve(Service.GATEWAY.module()))
						&& Files.exists(candidate.resolve("pom.xml"))) {
					return Optional.of(candidate);
				}
			}
			return Optional.empty();
		}

		/** With {@code java -jar local-stack.jar} the class path is that one jar. */
		private static Optional<Path> launcherLocation() {
			String classPath = System.getProperty("java.class.path", "");
			return classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
					? Optional.of(Path.of(classPath).toAbsolutePath()) : Optional.empty();
		}

	}

}
