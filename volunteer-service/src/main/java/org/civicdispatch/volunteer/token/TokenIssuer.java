package org.civicdispatch.volunteer.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.civicdispatch.web.TokenClaims;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Signs access tokens: RS256, {@code kid} in the header, the claims every service reads
 * into a CurrentUser.
 */
@Component
public class TokenIssuer {

	private final SigningKeys keys;

	private final TokenSettings settings;

	private final Clock clock;

	TokenIssuer(SigningKeys keys, TokenSettings settings, Clock clock) {
		this.keys = keys;
		this.settings = settings;
		this.clock = clock;
	}

	public record IssuedToken(String accessToken, long expiresIn) {
	}

	public Mono<IssuedToken> issue(UUID userId, String name, Set<String> roles, Set<UUID> staffScopes) {
		return keys.signingKey().map((key) -> {
			Instant now = clock.instant();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId.toString())
				.issuer(settings.issuer())
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plus(settings.tokenTtl())))
				.jwtID(UUID.randomUUID().toString())
				.claim(TokenClaims.NAME, name)
				.claim(TokenClaims.ROLES, roles.stream().sorted().toList())
				.claim(TokenClaims.STAFF_SCOPES, staffScopes.stream().map(UUID::toString).sorted().toList())
				.build();
			return new IssuedToken(sign(key, claims), settings.tokenTtl().toSeconds());
		});
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign an access token", ex);
		}
		return jwt.serialize();
	}

}
