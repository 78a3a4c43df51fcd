package org.civicdispatch.gateway;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the rate limits as shipped ({@code application.yml}, none of the test overrides):
 * a station's sign-up day, a hundred residents registering and logging in from the
 * station's one address within a minute, goes through; a flood from one address still
 * does not.
 */
@TestPropertySource(inheritProperties = false, properties = "civic.gateway.rate-limit.enabled=true")
class SignUpDayIntegrationTests extends GatewayTestSupport {

	@Test
	void aHundredRegistrationsAndLoginsFromOneAddressAllGoThroughWhileAFloodIsLimited() {
		WebClient http = WebClient.create("http://127.0.0.1:" + port);
		List<Integer> signUps = Flux.range(0, 100)
			.concatMap((i) -> Flux.just("/api/auth/register", "/api/auth/login")
				.concatMap((path) -> post(http, path,
						"{\"phone\":\"139" + String.format("%08d", i) + "\",\"password\":\"Passw0rd!\",\"name\":\"居民"
								+ i + "\"}")))
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(signUps).hasSize(200).containsOnly(200);

		List<Integer> flood = Flux.range(0, 600)
			.flatMap((i) -> post(http, "/api/auth/login", "{\"phone\":\"13900000000\",\"password\":\"x\"}"), 32)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(flood).contains(429);
	}

	private static Mono<Integer> post(WebClient http, String path, String body) {
		return http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

}
