package org.civicdispatch.gateway.apidocs;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.civicdispatch.web.PublicEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The combined description while services come and go: a service that is down leaves its
 * paths out and is named, and a complete description is kept a minute, not longer.
 */
class CombinedApiDocsTests {

	private final MovableClock clock = new MovableClock();

	private DisposableServer volunteers;

	private DisposableServer orders;

	private CombinedApiDocs.Description description;

	@BeforeEach
	void services() {
		volunteers = describing("/api/me");
		orders = describing("/api/orders");
		Map<String, URI> urls = new LinkedHashMap<>();
		urls.put("volunteer-service", URI.create("http://127.0.0.1:" + volunteers.port()));
		urls.put("order-service", URI.create("http://127.0.0.1:" + orders.port() + "/"));
		description = new CombinedApiDocs.Description(urls, WebClient.create(), new PublicEndpoints(List.of()), clock);
	}

	@AfterEach
	void stop() {
		volunteers.disposeNow();
		orders.disposeNow();
	}

	@Test
	void aServiceThatIsDownIsNamedAndTheOthersPathsAreStillThere() {
		orders.disposeNow();
		description.current().as(StepVerifier::create).assertNext((merged) -> {
			assertThat(merged.path("paths").propertyNames()).containsExactly("/api/me");
			assertThat(merged.path("info").path("x-unavailable-services").get(0).asString()).isEqualTo("order-service");
		}).verifyComplete();
	}

	@Test
	void noServiceAnsweringGivesNoDescription() {
		orders.disposeNow();
		volunteers.disposeNow();
		description.current().as(StepVerifier::create).verifyComplete();
	}

	@Test
	void aCompleteDescriptionIsKeptAMinute() {
		ObjectNode first = description.current().block();
		assertThat(first.path("paths").propertyNames()).containsExactlyInAnyOrder("/api/me", "/api/orders");
		orders.disposeNow();

		clock.advance(Duration.ofSeconds(59));
		assertThat(description.current().block().path("paths").propertyNames()).hasSize(2);

		clock.advance(Duration.ofSeconds(2));
		assertThat(description.current().block().path("paths").propertyNames()).containsExactly("/api/me");
	}

	@Test
	void aPartialDescriptionIsNotKept() {
		orders.disposeNow();
		assertThat(description.current().block().path("paths").propertyNames()).containsExactly("/api/me");
		orders = describing("/api/orders", orders.port());
		assertThat(description.current().block().path("paths").propertyNames()).hasSize(2);
	}

	private static DisposableServer describing(String path) {
		return describing(path, 0);
	}

	private static DisposableServer describing(String path, int port) {
		String body = """
				{"openapi":"3.1.0","info":{"title":"t","version":"v1"},
				 "paths":{"%s":{"get":{"operationId":"%s","responses":{"200":{"description":"OK"}}}}}}
				""".formatted(path, path.replace("/", ""));
		return HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route((routes) -> routes.get("/v3/api-docs",
					(request, response) -> response.header("Content-Type", "application/json")
						.sendString(Mono.just(body))))
			.bindNow();
	}

	private static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-03-01T08:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}

	}

}
