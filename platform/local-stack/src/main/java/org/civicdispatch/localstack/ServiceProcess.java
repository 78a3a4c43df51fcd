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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as a child JVM ({@code java -jar}). Its output goes to a log file and,
 * when asked, to the console with the service name in front of every line.
 */
final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final int TAIL_LINES = 60;

	private final Service service;

	private final Path jar;

	private final int port;

	private final Map<String, String> env;

	private final List<String> javaOptions;

	private final Path logFile;

	private final PrintStream console;

	private final Deque<String> tail = new ArrayDeque<>();

	private volatile Process process;

	ServiceProcess(Service service, Path jar, int port, Map<String, String> env, List<String> javaOptions,
			Path logFile, PrintStream console) {
		this.service = service;
		this.jar = jar;
		this.port = port;
		this.env = env;
		this.javaOptions = javaOptions;
		this.logFile = logFile;
		this.console = console;
	}

	Service service() {
		return this.service;
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
		command.add("-jar");
		command.add(this.jar.toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(this.env);
		Files.createDirectories(this.logFile.getParent());
		synchronized (this.tail) {
			this.tail.clear();
		}
		Process started = builder.start();
		this.process = started;
		Thread.ofPlatform().daemon().name(this.service.module() + "-output").start(() -> pump(started));
	}

	private void pump(Process p) {
		String prefix = String.format("%-18s| ", this.service.module());
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
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

	/** Waits until {@code /actuator/health} answers 200, failing early if the process exits. */
	void awaitHealthy(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
			.timeout(Duration.ofSeconds(3))
			.GET()
			.build();
		while (System.nanoTime() < deadline) {
			Process p = this.process;
			if (p == null || !p.isAlive()) {
				throw new IllegalStateException(this.service.module() + " exited"
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
		throw new IllegalStateException(this.service.module() + " was not healthy within " + timeout.toSeconds()
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

	/** Asks the service to stop (SIGTERM, so Spring shuts down gracefully), then forces it. */
	synchronized void stop(Duration grace) {
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

	/** The same Java that runs the local stack, so the services get the JDK the user chose. */
	static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
