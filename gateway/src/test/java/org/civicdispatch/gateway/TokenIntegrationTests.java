package org.civicdispatch.gateway;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.civicdispatch.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway refuses every bad token itself: 401 problem+json, and the service never
 * sees it.
 */
class TokenIntegrationTests extends GatewayTestSupport {

	static Stream<Arguments> badTokens() {
		UUID id = UUID.randomUUID();
		Set<String> roles = Set.of("RESIDENT");
		return Stream.of(
				Arguments.of("expired",
						(Function<UUID, String>) (user) -> TestTokens.expired(user, "过期", roles, Set.of())),
				Arguments.of("forged signature",
						(Function<UUID, String>) (user) -> TestTokens.forgedSignature(user, "伪造", roles, Set.of())),
				Arguments.of("alg none",
						(Function<UUID, String>) (user) -> TestTokens.algNone(user, "无签名", roles, Set.of())),
				Arguments.of("wrong issuer",
						(Function<UUID, String>) (user) -> TestTokens.wrongIssuer(user, "外来", roles, Set.of())),
				Arguments.of("not a JWT", (Function<UUID, String>) (user) -> "not-a-jwt"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokens")
	void aBadTokenIsRefusedAtTheEdge(String kind, Function<UUID, String> token) {
		for (String prefix : new String[] { "/api/orders", "/api/points/accounts", "/api/teams" }) {
			String path = unique(prefix);
			client().get()
				.uri(path)
				.header("Authorization", TestTokens.bearer(token.apply(UUID.randomUUID())))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(401)
				.jsonPath("$.detail")
				.isNotEmpty();
			assertThat(VOLUNTEERS.hits(path) + ORDERS.hits(path) + POINTS.hits(path)).as(path).isZero();
		}
	}

	@Test
	void noTokenIsRefusedAtTheEdge() {
		String path = unique("/api/orders");
		client().post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("请先登录");
		assertThat(ORDERS.hits(path)).isZero();
	}

	@Test
	void aValidTokenIsPassedOnUnchanged() {
		String path = unique("/api/points/accounts");
		String token = bearer();
		client().get().uri(path).header("Authorization", token).exchange().expectStatus().isOk();
		assertThat(POINTS.last(path))
			.hasValueSatisfying((received) -> assertThat(received.headers()).containsEntry("Authorization", token));
	}

}
