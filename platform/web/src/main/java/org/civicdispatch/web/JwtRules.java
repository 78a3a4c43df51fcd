package org.civicdispatch.web;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * What makes an access token acceptable, in one place for every service (and for
 * volunteer-service, which checks its own tokens with its own key): signed with RS256 or
 * ES256 ({@code alg: none} and HMAC never), not expired, {@code exp} and {@code sub} present,
 * and {@code iss} equal to the configured issuer.
 */
public final class JwtRules {

	public static final Set<SignatureAlgorithm> ACCEPTED_ALGORITHMS = Set.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.ES256);

	private JwtRules() {
	}

	public static OAuth2TokenValidator<Jwt> validator(String issuer) {
		return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtClaimValidator<String>(JwtClaimNames.SUB, Objects::nonNull));
	}

	/** A decoder that fetches (and caches) the signing keys from a JWKS endpoint. */
	public static ReactiveJwtDecoder jwksDecoder(String jwksUri, String issuer) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri)
			.jwsAlgorithms((algorithms) -> algorithms.addAll(ACCEPTED_ALGORITHMS))
			.build();
		decoder.setJwtValidator(validator(issuer));
		return decoder;
	}

}
