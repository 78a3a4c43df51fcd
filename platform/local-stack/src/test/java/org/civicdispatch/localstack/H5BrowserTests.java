package org.civicdispatch.localstack;

import org.junit.jupiter.api.Test;

/**
 * The 文明实践 H5 as residents, team leaders and volunteers use it: the browser tests of
 * {@code web/h5/e2e} (Playwright driving the machine's Chromium at 375×667) against the
 * whole platform, through the gateway that serves the app. They save the screenshots of
 * {@code docs/screenshots/}.
 */
class H5BrowserTests {

	@Test
	void residentsLeadersAndVolunteersCanDoTheirJourneysOnAPhone() throws Exception {
		BrowserTests.run("h5");
	}

}
