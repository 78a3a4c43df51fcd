package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stack of a test class's own, for what the shared {@link Platform} cannot be
 * (replicas, an outside identity provider): started in the class's {@code @BeforeAll},
 * stopped and its folder deleted in its {@code @AfterAll}, so it never runs next to the
 * next class's.
 */
final class OwnStack {

	private OwnStack() {
	}

	/**
	 * Free ports, a fresh folder, no fsync, the services on C1 only, and time to start on
	 * a busy machine.
	 */
	static LocalStack.Builder builder(Path dataDirectory) {
		return LocalStack.builder()
			.dataDirectory(dataDirectory)
			.freePorts()
			.durable(false)
			.javaOptions(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1"))
			.startupTimeout(Duration.ofMinutes(8));
	}

	static void stop(LocalStack stack, Path dataDirectory) {
		if (stack != null) {
			stack.stop();
		}
		if (dataDirectory != null) {
			try (Stream<Path> files = Files.walk(dataDirectory)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
