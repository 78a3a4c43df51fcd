package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service from its jar extracted the way Spring Boot recommends for production
 * ({@code java -Djarmode=tools -jar app.jar extract}): the application's jar with its
 * libraries in {@code lib/} beside it. A JVM loads classes from plain jars on its class
 * path faster than from jars nested in one, so the stack is up several seconds sooner
 * (measured on two cores: 23 s instead of 31 s); it is also what a JDK's class-data and
 * AOT caches need.
 * <p>
 * The extraction is made once per jar, next to it
 * ({@code target/extracted/<jar>-<size>-<modified>/}), and used again until the jar
 * changes; older ones of the same jar are removed. A jar that is not a Spring Boot jar,
 * or one that cannot be extracted there, runs as it is.
 */
final class ExtractedJars {

	static final String DIRECTORY = "extracted";

	private static final String COMPLETE = ".complete";

	private static final Logger log = LoggerFactory.getLogger(ExtractedJars.class);

	private ExtractedJars() {
	}

	/** The jar to run for {@code jar}: its extracted form, or {@code jar} itself. */
	static Path of(Path jar) {
		try {
			if (!isSpringBootJar(jar)) {
				return jar;
			}
			String name = jar.getFileName().toString();
			String stem = name.substring(0, name.length() - ".jar".length());
			Path parent = jar.toAbsolutePath().getParent().resolve(DIRECTORY);
			Path target = parent
				.resolve(stem + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
			Path extracted = target.resolve(name);
			if (Files.exists(target.resolve(COMPLETE)) && Files.isRegularFile(extracted)) {
				return extracted;
			}
			Files.createDirectories(parent);
			Path temporary = parent.resolve("." + stem + "-" + UUID.randomUUID());
			extract(jar, temporary);
			Files.createFile(temporary.resolve(COMPLETE));
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				// another launcher extracted the same jar at the same time: use that one
				deleteRecursively(temporary);
				if (!Files.exists(target.resolve(COMPLETE))) {
					throw ex;
				}
			}
			removeOlder(parent, stem, target);
			return extracted;
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Running {} as it is: it could not be extracted ({})", jar, ex.toString());
			return jar;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return jar;
		}
	}

	private static boolean isSpringBootJar(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getManifest() != null
					&& file.getManifest().getMainAttributes().getValue("Spring-Boot-Version") != null;
		}
	}

	private static void extract(Path jar, Path destination) throws IOException, InterruptedException {
		Path output = Files.createTempFile("extract-", ".txt");
		try {
			Process process = new ProcessBuilder(List.of(ServiceProcess.javaExecutable(), "-Djarmode=tools", "-jar",
					jar.toString(), "extract", "--destination", destination.toString()))
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException("extracting took more than 2 minutes");
			}
			if (process.exitValue() != 0) {
				throw new IOException(
						"extract exited with " + process.exitValue() + ": " + Files.readString(output).strip());
			}
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static void removeOlder(Path parent, String stem, Path keep) {
		try (Stream<Path> siblings = Files.list(parent)) {
			siblings.filter((p) -> !p.equals(keep))
				.filter((p) -> p.getFileName().toString().matches("\\Q" + stem + "\\E-\\d+-\\d+"))
				.forEach(ExtractedJars::deleteQuietly);
		}
		catch (IOException ex) {
			log.debug("Could not tidy {}: {}", parent, ex.toString());
		}
	}

	private static void deleteQuietly(Path directory) {
		try {
			deleteRecursively(directory);
		}
		catch (IOException | UncheckedIOException ex) {
			log.debug("Could not remove {}: {}", directory, ex.toString());
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
