package org.civicdispatch.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What makes an access token acceptable, in one place for every service (and for
 * volunteer-service, which checks its own tokens with its own key): signed with RS256 or
 * ES256 ({@code alg: none} and HMAC never), not expired, {@code exp} and {@code sub}
 * present, and {@code iss} equal to the configured issuer.
 */
public final class JwtRules {

	public static final Set<SignatureAlgorithm> ACCEPTED_ALGORITHMS = Set.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.ES256);

	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Key fetches are rare (keys are cached); a small pool of their own keeps them apart
	 * from other clients.
	 */
	private static final ConnectionProvider JWKS_CONNECTIONS = ConnectionProvider.builder("civic-jwks")
		.maxConnections(4)
		.pendingAcquireTimeout(JWKS_TIMEOUT)
		.maxIdleTime(Duration.ofSeconds(20))
		.build();

	private JwtRules() {
	}

	public static OAuth2TokenValidator<Jwt> validator(String issuer) {
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtClaimValidator<String>(JwtClaimNames.SUB, Objects::nonNull));
	}

	/**
	 * A decoder that fetches (and caches) the signing keys from a JWKS endpoint. The
	 * fetch has its own connection pool and time limits, so a JWKS server that does not
	 * answer fails requests quickly instead of holding them.
	 */
	public static ReactiveJwtDecoder jwksDecoder(String jwksUri, String issuer) {
		HttpClient http = HttpClient.create(JWKS_CONNECTIONS)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) JWKS_TIMEOUT.toMillis())
			.responseTimeout(JWKS_TIMEOUT);
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri)
			.jwsAlgorithms((algorithms) -> algorithms.addAll(ACCEPTED_ALGORITHMS))
			.webClient(WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build())
			.build();
		decoder.setJwtValidator(validator(issuer));
		decoder.setClaimSetConverter(claimSetConverter());
		// Keys that cannot be fetched are the server's problem, not the token's: not a
		// 401 but a 503.
		return remembering((token) -> decoder.decode(token)
			.onErrorMap(IllegalStateException.class,
					(unavailable) -> new JwtException("Token signing keys unavailable", unavailable)));
	}

	/**
	 * Spring Security's claim conversion, except that {@code iss} stays the string it is:
	 * the default tries to make a URL of it first, and this platform's issuer is a plain
	 * name, so every token would cost a thrown and caught exception.
	 */
	public static Converter<Map<String, Object>, Map<String, Object>> claimSetConverter() {
		return MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, (issuer) -> (issuer != null) ? issuer.toString() : null));
	}

	/**
	 * Remembers tokens that passed {@code decoder} for a few minutes (never past their
	 * expiry), so a client's next request with the same token skips the signature check
	 * and the parsing.
	 */
	public static ReactiveJwtDecoder remembering(ReactiveJwtDecoder decoder) {
		return new RememberingJwtDecoder(decoder, Clock.systemUTC());
	}

}
