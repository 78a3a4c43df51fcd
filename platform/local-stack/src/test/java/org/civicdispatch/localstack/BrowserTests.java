package org.civicdispatch.localstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Playwright browser tests of one web app ({@code npm run test:e2e} in
 * {@code web/<app>}) in the machine's Chromium against the whole platform, through the
 * gateway that serves the app, and fails with the last lines of their output when they
 * fail.
 */
final class BrowserTests {

	private static final Duration LIMIT = Duration.ofMinutes(12);

	private BrowserTests() {
	}

	static void run(String app) throws Exception {
		Path dir = Path.of("../../web", app).toAbsolutePath().normalize();
		String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
		assertThat(new File(chromium).canExecute())
			.as("Chromium at %s for the browser tests (./scripts/test.sh installs it)", chromium)
			.isTrue();
		String gateway = Platform.stack().gatewayUrl();

		ProcessBuilder npm = new ProcessBuilder(List.of("npm", "run", "test:e2e")).directory(dir.toFile())
			.redirectErrorStream(true);
		npm.environment().put("BASE_URL", gateway);
		npm.environment().put("CHROMIUM_PATH", chromium);
		npm.environment().put("CI", "true");
		Process run = npm.start();
		run.getOutputStream().close();
		// the test JVM's own stdout is surefire's channel: pass the output on line by
		// line
		String tag = "[" + app + "-e2e] ";
		Deque<String> last = new ConcurrentLinkedDeque<>();
		Thread output = Thread.ofVirtual().start(() -> {
			try (BufferedReader lines = run.inputReader(StandardCharsets.UTF_8)) {
				lines.lines().forEach((line) -> {
					System.out.println(tag + line);
					last.addLast(line);
					if (last.size() > 60) {
						last.pollFirst();
					}
				});
			}
			catch (IOException ex) {
				System.out.println(tag + "output ended: " + ex.getMessage());
			}
		});
		boolean finished = run.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			run.descendants().forEach(ProcessHandle::destroyForcibly);
			run.destroyForcibly();
		}
		output.join(Duration.ofSeconds(10));
		assertThat(finished).as("the %s browser tests finished within %d minutes", app, LIMIT.toMinutes()).isTrue();
		assertThat(run.exitValue())
			.as("npm run test:e2e in web/%s against %s; its last lines:%n%s", app, gateway, String.join("\n", last))
			.isZero();
	}

}
