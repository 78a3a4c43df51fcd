package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the services of the {@link Platform} logged, as the tests read it. */
final class ServiceLogs {

	private ServiceLogs() {
	}

	/**
	 * The complete lines of a service's log so far (not the one it may be writing right
	 * now).
	 */
	static List<String> lines(Path log) {
		try {
			String text = Files.readString(log, StandardCharsets.UTF_8);
			return text.substring(0, text.lastIndexOf('\n') + 1).lines().filter(l -> !l.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
