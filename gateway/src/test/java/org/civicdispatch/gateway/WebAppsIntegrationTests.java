package org.civicdispatch.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway serves the H5 at {@code /} and the console at {@code /console/} to anyone,
 * with the app's page for every address the app routes itself, and never in place of the
 * API.
 */
@TestPropertySource(properties = "civic.gateway.web-apps.location=classpath:/test-web/")
class WebAppsIntegrationTests extends GatewayTestSupport {

	@Test
	void thePhoneAppOpensAtTheRootWithoutAToken() {
		client().get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noCache())
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("h5-index"));
	}

	@Test
	void aReloadOrASharedLinkDeepInTheAppOpensTheApp() {
		for (String page : new String[] { "/orders/42", "/tasks", "/points/store", "/login" }) {
			client().get()
				.uri(page)
				.accept(MediaType.TEXT_HTML)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((body) -> assertThat(body).as(page).contains("h5-index"));
		}
		client().get()
			.uri("/console/orders/42")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("console-index"));
	}

	@Test
	void hashedFilesAreCachedForAYearAndSentCompressed() {
		client().get()
			.uri("/assets/index-Bx1c2D3e.js")
			.header(HttpHeaders.ACCEPT_ENCODING, "gzip")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.CACHE_CONTROL,
					(value) -> assertThat(value).contains("max-age=31536000").contains("immutable"))
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip");
		client().get()
			.uri("/console/assets/index-C9d8e7f6.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
	}

	@Test
	void aMissingFileIsNotFoundRatherThanThePage() {
		client().get().uri("/assets/index-00000000.js").exchange().expectStatus().isNotFound();
		client().get().uri("/favicon-missing.png").exchange().expectStatus().isNotFound();
	}

	@Test
	void theApiAndTheOperatorsPathsAreNeverAnsweredWithThePage() {
		client().get().uri("/api/orders").accept(MediaType.TEXT_HTML).exchange().expectStatus().isUnauthorized();
		client().get().uri("/api/nothing-here").exchange().expectStatus().isUnauthorized();
		client().get().uri("/actuator").accept(MediaType.TEXT_HTML).exchange().expectStatus().isUnauthorized();
		client().get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("h5-index"));
	}

	@Test
	void nothingOutsideTheAppsFoldersCanBeRead() {
		for (String path : new String[] { "/../application.yml", "/%2e%2e/application.yml",
				"/assets/../../application.yml", "/console/../test-web/h5/index.html", "/application.yml" }) {
			client().get()
				.uri(path)
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).as(path).isIn(400, 404))
				.expectBody(String.class)
				.value((body) -> assertThat(body == null ? "" : body).as(path).doesNotContain("spring:"));
		}
	}

	@Test
	void onlyReadingIsServed() {
		client().post()
			.uri("/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(401, 405));
	}

}
