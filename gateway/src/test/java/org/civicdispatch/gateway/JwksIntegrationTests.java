package org.civicdispatch.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway starts and is ready while the key publisher (volunteer-service) is not up
 * yet; it fetches the keys when the first token arrives, keeps them, and fetches them
 * again when a token names a key id it has not seen (key rotation).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksIntegrationTests {

	static final FakeService ORDERS = GatewayTestSupport.ORDERS;

	static final int JWKS_PORT = GatewayTestSupport.freePort();

	static DisposableServer jwks;

	static final AtomicInteger fetches = new AtomicInteger();

	/**
	 * What the key server publishes: at first only a key the test tokens are not signed
	 * with.
	 */
	static volatile String published = otherKeySet();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void lateKeys(DynamicPropertyRegistry registry) {
		registry.add("ORDER_SERVICE_URL", ORDERS::url);
		registry.add("civic.security.jwks-uri", () -> "http://127.0.0.1:" + JWKS_PORT + TestTokens.JWKS_PATH);
		registry.add("civic.security.issuer", () -> TestTokens.ISSUER);
	}

	@AfterAll
	static void stopKeys() {
		if (jwks != null) {
			jwks.disposeNow();
		}
	}

	@Test
	void readyBeforeTheKeysCanBeFetchedThenUsesThemOnceTheyAre() {
		WebTestClient client = GatewayTestSupport.client(port);
		client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		String path = GatewayTestSupport.unique("/api/orders");

		// No keys yet: the token cannot be checked, so the service is not called.
		client.get()
			.uri(path)
			.header("Authorization", GatewayTestSupport.bearer())
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("登录验证服务暂时不可用"));
		assertThat(ORDERS.hits(path)).isZero();

		jwks = HttpServer.create().host("127.0.0.1").port(JWKS_PORT).handle((request, response) -> {
			fetches.incrementAndGet();
			return response.header("Content-Type", "application/jwk-set+json")
				.sendByteArray(Mono.just(published.getBytes(StandardCharsets.UTF_8)))
				.then();
		}).bindNow(Duration.ofSeconds(5));

		// Keys are there, but not the one this token names.
		client.get()
			.uri(path)
			.header("Authorization", GatewayTestSupport.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(ORDERS.hits(path)).isZero();

		// The publisher rotates to the signing key: a token naming a key id not seen yet
		// fetches the keys again.
		published = TestTokens.jwks();
		int before = fetches.get();
		client.get().uri(path).header("Authorization", GatewayTestSupport.bearer()).exchange().expectStatus().isOk();
		client.get().uri(path).header("Authorization", GatewayTestSupport.bearer()).exchange().expectStatus().isOk();
		assertThat(ORDERS.hits(path)).isEqualTo(2);
		assertThat(fetches.get() - before).as("fetched once for the new key id, then cached").isEqualTo(1);
	}

	private static String otherKeySet() {
		try {
			return new JWKSet(new RSAKeyGenerator(2048).keyID("retired-key").generate().toPublicJWK()).toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
