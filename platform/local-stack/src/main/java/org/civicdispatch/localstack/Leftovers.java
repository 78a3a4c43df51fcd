package org.civicdispatch.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes a previous launcher left behind when it was killed without its shutdown hook
 * (kill -9, a closed terminal): service JVMs still holding the ports and a postmaster
 * still holding the data directory. They are stopped before a new start uses the same
 * data directory.
 */
final class Leftovers {

	private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

	private static final String PIDS_FILE = "services.pid";

	private Leftovers() {
	}

	/** Remembers which service processes belong to this data directory. */
	static void record(Path dataDirectory, Collection<ServiceProcess> processes) {
		List<String> lines = processes.stream()
			.filter(ServiceProcess::isRunning)
			.map(p -> p.pid() + " " + p.name())
			.toList();
		try {
			Files.write(dataDirectory.resolve(PIDS_FILE), lines);
		}
		catch (IOException ex) {
			log.warn("Could not record service pids in {}: {}", dataDirectory, ex.getMessage());
		}
	}

	static void cleanUp(Path dataDirectory, Path postgresDirectory) throws IOException {
		Path pids = dataDirectory.resolve(PIDS_FILE);
		if (Files.exists(pids)) {
			for (String line : Files.readAllLines(pids)) {
				String[] parts = line.trim().split(" ", 2);
				if (parts.length == 2) {
					// only a java process started for that service, never an unrelated
					// process that reused the pid
					processIf(Long.parseLong(parts[0]), "java", ".jar")
						.ifPresent(p -> stop(p, "leftover " + parts[1], 30));
				}
			}
			Files.delete(pids);
		}
		Path postmaster = postgresDirectory.resolve("postmaster.pid");
		if (Files.exists(postmaster)) {
			List<String> lines = Files.readAllLines(postmaster);
			if (!lines.isEmpty() && lines.get(0).trim().matches("\\d+")) {
				processIf(Long.parseLong(lines.get(0).trim()), "postgres", "")
					.ifPresent(p -> stop(p, "leftover PostgreSQL", 60));
			}
		}
	}

	private static Optional<ProcessHandle> processIf(long pid, String command, String argument) {
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> {
			ProcessHandle.Info info = p.info();
			boolean commandMatches = info.command().map(c -> c.contains(command)).orElse(false);
			boolean argumentMatches = argument.isEmpty()
					|| info.arguments().map(args -> String.join(" ", args).contains(argument)).orElse(false);
			return commandMatches && argumentMatches;
		});
	}

	private static void stop(ProcessHandle process, String what, int graceSeconds) {
		log.warn("Stopping {} (pid {}) from an earlier run that did not shut down", what, process.pid());
		process.destroy();
		try {
			process.onExit().get(graceSeconds, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
	}

}
