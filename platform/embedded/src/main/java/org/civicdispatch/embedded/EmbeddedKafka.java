package org.civicdispatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one), the local stack's and the
 * tests'. It runs in a JVM of its own, started the way Kafka documents it:
 * {@code kafka-storage format} once for a new log directory, then
 * {@code kafka-server-start server.properties} (the classes behind those scripts,
 * {@code kafka.tools.StorageTool} and {@code kafka.Kafka}, on this JVM's classpath). Only
 * Kafka's public interface is used: its settings and its command line.
 * <p>
 * The local stack keeps the log directory and fixed ports, so topics and committed
 * offsets survive a restart; a test takes free ports and a throw-away directory.
 * {@link #stop()} and {@link #start()} take the broker down and bring it back on the same
 * address with its data.
 * <p>
 * A broker that meets a fault it cannot survive ends its JVM: that is reported to
 * {@code onFatal} (after it is logged) instead of ending this one. The broker's own log
 * (warnings and errors) is written to {@link #logFile()}.
 */
public final class EmbeddedKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration STOP_GRACE = Duration.ofSeconds(60);

	/** Formatting is a short run: a small heap and the quick-starting compiler. */
	private static final List<String> FORMAT_JAVA_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	private final Path logDirectory;

	/**
	 * server.properties and the broker JVM's logging settings, written again on every
	 * start.
	 */
	private final Path workDirectory;

	private final Path logFile;

	/** The directory removed by {@link #close()}, when no data directory was given. */
	private final Path throwAway;

	private final int port;

	private final int controllerPort;

	private final Map<String, String> brokerProperties;

	private final List<String> javaOptions;

	private final Consumer<String> onFatal;

	private volatile Process process;

	/** The broker JVM once it answered: only its ending on its own is a fatal error. */
	private volatile Process serving;

	private volatile boolean stopping;

	/**
	 * How long the log file was when the running broker started: its own lines come
	 * after.
	 */
	private volatile long logStart;

	private EmbeddedKafka(Builder builder) throws IOException {
		if (builder.dataDirectory != null) {
			this.throwAway = null;
			this.logDirectory = builder.dataDirectory;
			this.workDirectory = builder.dataDirectory.resolveSibling(builder.dataDirectory.getFileName() + "-config");
		}
		else {
			this.throwAway = Files.createTempDirectory("civic-kafka-");
			this.logDirectory = this.throwAway.resolve("data");
			this.workDirectory = this.throwAway.resolve("config");
		}
		this.logFile = (builder.logFile != null) ? builder.logFile : this.workDirectory.resolve("kafka.log");
		this.port = (builder.port != 0) ? builder.port : FreePort.next();
		this.controllerPort = (builder.controllerPort != 0) ? builder.controllerPort : FreePort.next();
		this.brokerProperties = Map.copyOf(builder.brokerProperties);
		this.javaOptions = List.copyOf(builder.javaOptions);
		this.onFatal = builder.onFatal;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * {@code localhost:<port>}, for {@code bootstrap.servers}; the same after a restart.
	 */
	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** Where the broker writes its warnings and errors. */
	public Path logFile() {
		return this.logFile;
	}

	/** The broker JVM's process id, while it runs. */
	public long pid() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException("Kafka is not running");
		}
		return running.pid();
	}

	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Starts the broker (formatting its log directory first if it is new) and returns
	 * once it answers. Does nothing when it is running.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		try {
			Files.createDirectories(this.logDirectory);
			Files.createDirectories(this.workDirectory);
			Files.createDirectories(this.logFile.toAbsolutePath().getParent());
			Path serverProperties = writeServerProperties();
			Path logging = writeLoggingSettings();
			if (!Files.exists(this.logDirectory.resolve("meta.properties"))) {
				format(serverProperties, logging);
			}
			this.stopping = false;
			this.logStart = Files.exists(this.logFile) ? Files.size(this.logFile) : 0;
			ProcessBuilder command = new ProcessBuilder(
					command(this.javaOptions, KafkaNode.class.getName(), logging, serverProperties.toString()));
			command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
			// standard input stays a pipe from this JVM: KafkaNode ends the broker when
			// it closes
			Process started = command.start();
			this.process = started;
			started.onExit().thenAccept(this::exited);
			awaitReady(started);
			this.serving = started;
			if (!started.isAlive()) {
				throw new IllegalStateException("Kafka stopped as soon as it answered; see " + this.logFile);
			}
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException("Could not start Kafka in " + this.logDirectory, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IllegalStateException("Interrupted while Kafka was starting", ex);
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	/**
	 * Stops the broker the way {@code kafka-server-stop} does (it shuts down cleanly);
	 * clients see connection refused on its address until {@link #start()}. Safe to call
	 * more than once.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.stopping = true;
		this.serving = null;
		running.destroy();
		try {
			if (!running.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
				log.warn("Kafka did not stop within {} s; killing it", STOP_GRACE.toSeconds());
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Stops the broker; a throw-away one at once (its data is not kept, so there is
	 * nothing to shut down cleanly), and its directory goes with it.
	 */
	@Override
	public void close() {
		if (this.throwAway != null) {
			synchronized (this) {
				Process running = this.process;
				if (running != null) {
					this.stopping = true;
					this.serving = null;
					running.destroyForcibly();
					try {
						running.waitFor(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					this.process = null;
				}
			}
			deleteRecursively(this.throwAway);
		}
		else {
			stop();
		}
	}

	private void exited(Process exited) {
		if (this.stopping || exited != this.serving) {
			return;
		}
		String reason = "status " + exited.exitValue() + lastError().map(line -> ": " + line).orElse("");
		log.error("Embedded Kafka stopped on its own ({}); its log is {}", reason, this.logFile,
				new IllegalStateException("Kafka fatal error"));
		this.onFatal.accept(reason);
	}

	private Optional<String> lastError() {
		try {
			byte[] bytes = Files.readAllBytes(this.logFile);
			int from = (int) Math.min(this.logStart, bytes.length);
			String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
			return text.lines()
				.filter(line -> line.contains(" ERROR "))
				.reduce((first, second) -> second)
				.map(line -> line.contains(" - ") ? line.substring(line.indexOf(" - ") + 3) : line)
				.map(String::trim);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private void format(Path serverProperties, Path logging) throws IOException {
		List<String> command = command(FORMAT_JAVA_OPTIONS, KafkaNode.STORAGE_TOOL_MAIN, logging, "format", "-t",
				Uuid.randomUuid().toString(), "-c", serverProperties.toString());
		Process format = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
			.start();
		format.getOutputStream().close();
		try {
			if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				format.destroyForcibly();
				throw new IllegalStateException("Formatting Kafka's log directory took too long; see " + this.logFile);
			}
		}
		catch (InterruptedException ex) {
			format.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (format.exitValue() != 0) {
			throw new IllegalStateException("Could not format Kafka's log directory " + this.logDirectory + " (status "
					+ format.exitValue() + "); see " + this.logFile);
		}
	}

	private void awaitReady(Process started) throws InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		// first the port (quietly), then a metadata answer naming the broker
		while (!accepts(this.port)) {
			checkAlive(started, deadline);
			Thread.sleep(100);
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000))) {
			while (true) {
				checkAlive(started, deadline);
				try {
					if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
						return;
					}
				}
				catch (ExecutionException | TimeoutException | KafkaException ex) {
					// not ready yet
				}
				Thread.sleep(200);
			}
		}
	}

	private void checkAlive(Process started, long deadline) {
		if (!started.isAlive()) {
			throw new IllegalStateException("Kafka stopped while starting (status " + started.exitValue() + ")"
					+ lastError().map(line -> ": " + line).orElse("") + "; see " + this.logFile);
		}
		if (System.nanoTime() - deadline > 0) {
			throw new IllegalStateException("Kafka did not answer on " + bootstrapServers() + " within "
					+ START_TIMEOUT.toSeconds() + " s; see " + this.logFile);
		}
	}

	private Path writeServerProperties() throws IOException {
		Properties p = new Properties();
		p.put("process.roles", "broker,controller");
		p.put("node.id", "1");
		p.put("controller.quorum.voters", "1@localhost:" + this.controllerPort);
		p.put("listeners", "PLAINTEXT://localhost:" + this.port + "," + CONTROLLER_LISTENER + "://localhost:"
				+ this.controllerPort);
		p.put("advertised.listeners", "PLAINTEXT://localhost:" + this.port);
		p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		p.put("controller.listener.names", CONTROLLER_LISTENER);
		p.put("inter.broker.listener.name", "PLAINTEXT");
		p.put("log.dirs", this.logDirectory.toAbsolutePath().toString());
		p.put("num.partitions", "3");
		p.put("auto.create.topics.enable", "true");
		p.put("offsets.topic.replication.factor", "1");
		p.put("offsets.topic.num.partitions", "5");
		p.put("transaction.state.log.replication.factor", "1");
		p.put("transaction.state.log.min.isr", "1");
		p.put("share.coordinator.state.topic.replication.factor", "1");
		p.put("share.coordinator.state.topic.min.isr", "1");
		p.put("group.initial.rebalance.delay.ms", "0");
		p.put("log.retention.hours", "168");
		p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
		p.putAll(this.brokerProperties);
		Path file = this.workDirectory.resolve("server.properties");
		try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			p.store(out, "written by " + EmbeddedKafka.class.getName() + " on every start");
		}
		return file;
	}

	/**
	 * Warnings and errors only; the controller's and the network's expected complaints
	 * not even those.
	 */
	private Path writeLoggingSettings() throws IOException {
		Path file = this.workDirectory.resolve("logback.xml");
		Files.writeString(file, """
				<configuration>
				  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder>
				      <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [kafka] %logger{24} - %msg%n</pattern>
				    </encoder>
				  </appender>
				  <logger name="org.apache.kafka.controller" level="ERROR"/>
				  <logger name="org.apache.kafka.common.network.Selector" level="ERROR"/>
				  <logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
				  <root level="WARN">
				    <appender-ref ref="CONSOLE"/>
				  </root>
				</configuration>
				""", StandardCharsets.UTF_8);
		return file;
	}

	/** {@code java <options> <classpath> <main> <args>}, with this JVM's classpath. */
	private static List<String> command(List<String> javaOptions, String mainClass, Path logging, String... args) {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(javaOptions);
		if (Runtime.version().feature() >= 24) {
			// the broker's compression libraries use sun.misc.Unsafe; keep its log free
			// of the warning
			command.add("--sun-misc-unsafe-memory-access=allow");
		}
		command.add("-Dlogback.configurationFile=" + logging.toAbsolutePath());
		command.addAll(classpath(mainClass));
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * This JVM's classpath, and how to run a main class with it: straight from the class
	 * path, or (when this JVM runs a Spring Boot executable jar, as the local stack does)
	 * through the jar's own launcher, which reads the jars nested in it.
	 */
	static List<String> classpath(String mainClass) {
		String classpath = System.getProperty("java.class.path");
		if (!classpath.contains(java.io.File.pathSeparator) && classpath.endsWith(".jar")) {
			Path jar = Path.of(classpath).toAbsolutePath();
			if (isSpringBootJar(jar)) {
				return List.of("-cp", jar.toString(), "-Dloader.main=" + mainClass,
						"org.springframework.boot.loader.launch.PropertiesLauncher");
			}
		}
		return List.of("-cp", classpath, mainClass);
	}

	private static boolean isSpringBootJar(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getManifest() != null
					&& file.getManifest().getMainAttributes().getValue("Spring-Boot-Lib") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			log.warn("Could not remove {}: {}", directory, ex.getMessage());
		}
	}

	public static final class Builder {

		private Path dataDirectory;

		private Path logFile;

		private int port;

		private int controllerPort;

		private final Map<String, String> brokerProperties = new LinkedHashMap<>();

		/**
		 * One node carries the platform's events in a small heap. (The tests' broker,
		 * which lives for one test run, also keeps to the quick-starting compiler,
		 * {@code -XX:TieredStopAtLevel=1}.)
		 */
		private final List<String> javaOptions = new ArrayList<>(
				List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));

		private Consumer<String> onFatal = reason -> {
		};

		/**
		 * Keep the log directory (topics, offsets, the cluster's metadata) here,
		 * formatted on the first start and reused after. Without one, a throw-away
		 * directory is used and removed on {@link #close()}.
		 */
		public Builder dataDirectory(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
			return this;
		}

		/** Where the broker's own log goes (appended); by default beside its settings. */
		public Builder logFile(Path logFile) {
			this.logFile = logFile;
			return this;
		}

		/** The client and the controller port; 0 (the default) picks a free one. */
		public Builder ports(int port, int controllerPort) {
			this.port = port;
			this.controllerPort = controllerPort;
			return this;
		}

		/** A broker setting over the defaults, e.g. {@code num.partitions}. */
		public Builder brokerProperty(String name, String value) {
			this.brokerProperties.put(name, value);
			return this;
		}

		public Builder brokerProperties(Map<String, String> properties) {
			this.brokerProperties.putAll(properties);
			return this;
		}

		/** The broker JVM's options instead of the defaults above. */
		public Builder javaOptions(List<String> javaOptions) {
			this.javaOptions.clear();
			this.javaOptions.addAll(javaOptions);
			return this;
		}

		/**
		 * Told the reason when the broker stops on its own (a fatal error); it is logged
		 * first.
		 */
		public Builder onFatal(Consumer<String> onFatal) {
			this.onFatal = onFatal;
			return this;
		}

		/** The broker, not started yet. */
		public EmbeddedKafka build() {
			try {
				return new EmbeddedKafka(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The broker, started. */
		public EmbeddedKafka start() {
			EmbeddedKafka kafka = build();
			kafka.start();
			return kafka;
		}

	}

}
