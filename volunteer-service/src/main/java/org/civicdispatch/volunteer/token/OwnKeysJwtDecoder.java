package org.civicdispatch.volunteer.token;

import java.text.ParseException;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import org.civicdispatch.web.CivicSecurityProperties;
import org.civicdispatch.web.JwtRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * volunteer-service checks tokens itself, with the same rules as every service
 * (platform/web's {@link JwtRules}): tokens it signed are verified with its own keys,
 * without calling its own JWKS over HTTP; a token signed by a key it does not hold goes
 * to the keys at {@code civic.security.jwks-uri}, so an outside OpenID Connect provider
 * can issue tokens too.
 */
class OwnKeysJwtDecoder implements ReactiveJwtDecoder {

	private final SigningKeys keys;

	private final ReactiveJwtDecoder own;

	private final ReactiveJwtDecoder trusted;

	OwnKeysJwtDecoder(SigningKeys keys, ReactiveJwtDecoder own, ReactiveJwtDecoder trusted) {
		this.keys = keys;
		this.own = own;
		this.trusted = trusted;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		String keyId;
		try {
			JWT jwt = JWTParser.parse(token);
			keyId = (jwt.getHeader() instanceof JWSHeader header) ? header.getKeyID() : null;
		}
		catch (ParseException ex) {
			return Mono.error(new BadJwtException("Malformed token", ex));
		}
		return keys.publicKeys()
			.flatMap((set) -> (keyId == null || set.getKeyByKeyId(keyId) != null) ? own.decode(token)
					: trusted.decode(token));
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		ReactiveJwtDecoder jwtDecoder(SigningKeys keys, CivicSecurityProperties security) {
			// Own keys are RSA and sign RS256 only (this builder holds one algorithm; a
			// second would replace it).
			NimbusReactiveJwtDecoder own = NimbusReactiveJwtDecoder
				.withJwkSource((jwt) -> keys.publicKeys().flatMapMany((set) -> Flux.fromIterable(set.getKeys())))
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
			own.setJwtValidator(JwtRules.validator(security.issuer()));
			own.setClaimSetConverter(JwtRules.claimSetConverter());
			ReactiveJwtDecoder trusted = JwtRules.jwksDecoder(security.jwksUri().toString(), security.issuer());
			return JwtRules.remembering(new OwnKeysJwtDecoder(keys, own, trusted));
		}

	}

}
