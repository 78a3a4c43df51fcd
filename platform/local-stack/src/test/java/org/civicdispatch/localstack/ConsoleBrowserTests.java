package org.civicdispatch.localstack;

import org.junit.jupiter.api.Test;

/**
 * The 管理后台 as station staff use it: the browser tests of {@code web/console/e2e}
 * (Playwright driving the machine's Chromium at 1366×768) against the whole platform,
 * through the gateway that serves the console at {@code /console/}. They save the
 * {@code console-*} screenshots of {@code docs/screenshots/}.
 */
class ConsoleBrowserTests {

	@Test
	void stationStaffCanDispatchReviewAndFulfilOnTheConsole() throws Exception {
		BrowserTests.run("console");
	}

}
