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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 文明实践 H5 as residents, team leaders and volunteers use it: the browser tests of
 * {@code web/h5/e2e} (Playwright driving the machine's Chromium at 375×667) against the whole
 * platform, through the gateway that serves the app. They save the screenshots of
 * {@code docs/screenshots/}.
 */
class H5BrowserTests {

	private static final Path H5 = Path.of("../../web/h5").toAbsolutePath().normalize();

	@Test
	void residentsLeadersAndVolunteersCanDoTheirJourneysOnAPhone() throws Exception {
		String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
		assertThat(new File(chromium).canExecute()).as("Chromium at %s for the browser tests (./scripts/test.sh installs it)", chromium).isTrue();
		String gateway = Platform.stack().gatewayUrl();

		ProcessBuilder npm = new ProcessBuilder(List.of("npm", "run", "test:e2e")).directory(H5.toFile())
			.redirectErrorStream(true);
		npm.environment().put("BASE_URL", gateway);
		npm.environment().put("CHROMIUM_PATH", chromium);
		npm.environment().put("CI", "true");
		Process run = npm.start();
		run.getOutputStream().close();
		// the test JVM's own stdout is surefire's channel: pass the output on line by line
		Deque<String> last = new ConcurrentLinkedDeque<>();
		Thread output = Thread.ofVirtual().start(() -> {
			try (BufferedReader lines = run.inputReader(StandardCharsets.UTF_8)) {
				lines.lines().forEach((line) -> {
					System.out.println("[h5-e2e] " + line);
					last.addLast(line);
					if (last.size() > 60) {
						last.pollFirst();
					}
				});
			}
			catch (IOException ex) {
				System.out.println("[h5-e2e] output ended: " + ex.getMessage());
			}
		});
		boolean finished = run.waitFor(Duration.ofMinutes(12).toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			run.descendants().forEach(ProcessHandle::destroyForcibly);
			run.destroyForcibly();
		}
		output.join(Duration.ofSeconds(10));
		assertThat(finished).as("the browser tests finished within 12 minutes").isTrue();
		assertThat(run.exitValue()).as("npm run test:e2e against %s; its last lines:%n%s", gateway, String.join("\n", last))
			.isZero();
	}

}
