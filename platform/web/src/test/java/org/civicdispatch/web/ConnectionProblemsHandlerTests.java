package org.civicdispatch.web;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * No database connection in time is a 503 the client may retry, not a 500 or an endless
 * wait.
 */
@WebFluxTest(controllers = ConnectionProblemsHandlerTests.BusyController.class,
		properties = "civic.security.issuer=" + LocalTokens.ISSUER)
@Import(ConnectionProblemsHandlerTests.BusyController.class)
class ConnectionProblemsHandlerTests {

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("civic.security.jwks-uri", LocalTokens::jwksUri);
	}

	@Autowired
	WebTestClient client;

	@RestController
	static class BusyController {

		/**
		 * What DatabaseClient signals when the pool has no connection within
		 * max-acquire-time.
		 */
		@GetMapping("/api/busy/query")
		Mono<String> query() {
			return Mono.error(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
					new R2dbcTimeoutException("Connection acquisition timed out after 1000ms")));
		}

		/** What the transaction manager signals in the same case. */
		@GetMapping("/api/busy/transaction")
		Mono<String> transaction() {
			return Mono.error(new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
					new R2dbcTimeoutException("Connection acquisition timed out after 1000ms")));
		}

	}

	@Test
	void noConnectionInTimeIsA503ProblemWithRetryAfter() {
		String token = LocalTokens.forUser(UUID.randomUUID(), "居民", Set.of("RESIDENT"), Set.of());
		for (String path : new String[] { "/api/busy/query", "/api/busy/transaction" }) {
			client.mutate()
				.responseTimeout(Duration.ofSeconds(30))
				.build()
				.get()
				.uri(path)
				.headers((headers) -> headers.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals("Retry-After", "2")
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(503)
				.jsonPath("$.detail")
				.isEqualTo("服务繁忙，请稍后再试")
				.jsonPath("$.instance")
				.isEqualTo(path);
		}
	}

}
