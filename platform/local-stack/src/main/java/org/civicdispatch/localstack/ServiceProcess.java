package org.civicdispatch.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One instance of a service running as a child JVM ({@code java -jar}). Its output goes
 * to a log file and, when asked, to the console with the instance name in front of every
 * line. Once it has been healthy, an exit that nobody asked for ({@link #stop} was not
 * called: a crash, an out-of-memory kill, {@code kill -9}) is reported to the listener
 * given to {@link #supervise}, which restarts it.
 */
final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final int TAIL_LINES = 60;

	private final Service service;

	private final String name;

	private final Path jar;

	private final int port;

	private final Map<String, String> env;

	static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

	private final List<String> javaOptions;

	private final AotCache aotCache;

	private final Path logFile;

	private final PrintStream console;

	private final Deque<String> tail = new ArrayDeque<>();

	private volatile Process process;

	/** Set by {@link #stop}: the coming exit was asked for and is no crash. */
	private volatile boolean stopping;

	private volatile Consumer<Exit> onCrash;

	private volatile Instant startedAt;

	private volatile int restarts;

	private volatile Exit lastCrash;

	ServiceProcess(Service service, String name, Path jar, int port, Map<String, String> env, List<String> javaOptions,
			AotCache aotCache, Path logFile, PrintStream console) {
		this.service = service;
		this.name = name;
		this.jar = jar;
		this.port = port;
		this.env = env;
		this.javaOptions = javaOptions;
		this.aotCache = aotCache;
		this.logFile = logFile;
		this.console = console;
	}

	Service service() {
		return this.service;
	}

	/**
	 * {@code order-service}, or {@code order-service-1}, {@code order-service-2} when
	 * there are replicas.
	 */
	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	Path logFile() {
		return this.logFile;
	}

	boolean isRunning() {
		Process p = this.process;
		return p != null && p.isAlive();
	}

	long pid() {
		Process p = this.process;
		return (p != null) ? p.pid() : -1;
	}

	synchronized void start() throws IOException {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(this.javaOptions);
		// a JVM out of heap stops answering but lingers; exiting lets the launcher start
		// it again
		if (!this.javaOptions.contains(EXIT_ON_OUT_OF_MEMORY)) {
			command.add(EXIT_ON_OUT_OF_MEMORY);
		}
		if (this.aotCache != null) {
			command.addAll(this.aotCache.javaOptions());
		}
		command.add("-jar");
		command.add(this.jar.toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(this.env);
		Files.createDirectories(this.logFile.getParent());
		synchronized (this.tail) {
			this.tail.clear();
		}
		this.stopping = false;
		Process started = builder.start();
		this.process = started;
		this.startedAt = Instant.now();
		Thread.ofPlatform().daemon().name(this.name + "-output").start(() -> pump(started));
		started.onExit().thenAccept(this::exited);
	}

	/**
	 * From now on, an exit that {@link #stop} did not ask for goes to {@code onCrash}
	 * (called on a thread of its own). Called once the instance has been healthy, so that
	 * a service that cannot start fails the start instead of looping.
	 */
	void supervise(Consumer<Exit> onCrash) {
		this.onCrash = onCrash;
	}

	private void exited(Process p) {
		Consumer<Exit> listener = this.onCrash;
		if (p != this.process || this.stopping || listener == null) {
			return;
		}
		Instant started = this.startedAt;
		Exit exit = new Exit(p.pid(), p.exitValue(), Instant.now(),
				(started != null) ? Duration.between(started, Instant.now()) : Duration.ZERO);
		this.lastCrash = exit;
		listener.accept(exit);
	}

	/** Starts the instance again after a crash, counting the restart. */
	synchronized void restart() throws IOException {
		if (this.stopping || isRunning()) {
			return;
		}
		this.restarts++;
		appendToLog("----- local-stack: " + this.name + " restart #" + this.restarts + " after "
				+ this.lastCrash.describe() + " -----");
		start();
	}

	int restarts() {
		return this.restarts;
	}

	/**
	 * Whether {@link #stop} was called since the last start (a restart must not undo it).
	 */
	boolean stopRequested() {
		return this.stopping;
	}

	/**
	 * One line telling how the instance is:
	 * {@code order-service  http://localhost:8082  pid 4242
	 * up  restarts 1 (last: killed by SIGKILL at 14:02:11)}.
	 */
	String statusLine() {
		Exit crash = this.lastCrash;
		return String.format("%-18s %-22s pid %-7s %-5s restarts %d%s", this.name, baseUrl(),
				isRunning() ? String.valueOf(pid()) : "-", isRunning() ? "up" : "down", this.restarts,
				(crash != null) ? " (last: " + crash.describe() + " at "
						+ LocalTime.ofInstant(crash.at(), java.time.ZoneId.systemDefault())
							.truncatedTo(ChronoUnit.SECONDS)
							.format(DateTimeFormatter.ISO_LOCAL_TIME)
						+ ")" : "");
	}

	private void appendToLog(String line) {
		try {
			Files.createDirectories(this.logFile.getParent());
			Files.writeString(this.logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			// the note is for people reading the log; the restart does not depend on it
		}
		if (this.console != null) {
			this.console.println(String.format("%-18s| ", this.name) + line);
		}
	}

	private void pump(Process p) {
		String prefix = String.format("%-18s| ", this.name);
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
				Writer log = Files.newBufferedWriter(this.logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND)) {
			String line;
			while ((line = reader.readLine()) != null) {
				log.write(line);
				log.write(System.lineSeparator());
				log.flush();
				synchronized (this.tail) {
					if (this.tail.size() == TAIL_LINES) {
						this.tail.removeFirst();
					}
					this.tail.addLast(line);
				}
				if (this.console != null) {
					this.console.println(prefix + line);
				}
			}
		}
		catch (IOException ex) {
			// the process went away; nothing left to copy
		}
	}

	/**
	 * Waits until {@code /actuator/health} answers 200, failing early if the process
	 * exits.
	 */
	void awaitHealthy(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
			.timeout(Duration.ofSeconds(3))
			.GET()
			.build();
		while (System.nanoTime() < deadline) {
			Process p = this.process;
			if (p == null || !p.isAlive()) {
				throw new IllegalStateException(this.name + " exited"
						+ ((p != null) ? " with code " + p.exitValue() : "") + " before it was healthy; last lines:\n"
						+ tail() + "\n(full log: " + this.logFile + ")");
			}
			try {
				HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " was not healthy within " + timeout.toSeconds()
				+ " s; last lines:\n" + tail() + "\n(full log: " + this.logFile + ")");
	}

	String baseUrl() {
		return "http://localhost:" + this.port;
	}

	String tail() {
		synchronized (this.tail) {
			return String.join("\n", this.tail);
		}
	}

	/**
	 * Asks the service to stop (SIGTERM, so Spring shuts down gracefully), then forces
	 * it.
	 */
	synchronized void stop(Duration grace) {
		this.stopping = true;
		Process p = this.process;
		if (p == null) {
			return;
		}
		// through the handle: Process.destroy() would also close the output pipe, and the
		// service's shutdown log would be lost
		p.toHandle().destroy();
		try {
			if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				p.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * The same Java that runs the local stack, so the services get the JDK the user
	 * chose.
	 */
	static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/** How an instance ended when nobody asked it to. */
	record Exit(long pid, int code, Instant at, Duration ran) {

		/** {@code killed by SIGKILL}, {@code exit code 1}. */
		String describe() {
			return switch (this.code) {
				case 137 -> "killed by SIGKILL";
				case 143 -> "killed by SIGTERM";
				case 134 -> "aborted (SIGABRT)";
				case 139 -> "crashed (SIGSEGV)";
				default -> (this.code > 128 && this.code < 160) ? "killed by signal " + (this.code - 128)
						: "exit code " + this.code;
			};
		}

	}

}
