package org.civicdispatch.gateway.edge;

import org.civicdispatch.web.CivicSecurityProperties;
import org.civicdispatch.web.JwtRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Tokens are checked with platform/web's {@link JwtRules} against the keys at
 * {@code civic.security.jwks-uri}, fetched on the first token (so the gateway is ready before
 * volunteer-service is), cached, and fetched again for an unknown {@code kid}. When the keys
 * cannot be fetched the decoder fails with an {@link IllegalStateException}, which would become a
 * 500; here it becomes an authentication service failure, answered 503 by {@link GatewayErrors}.
 */
@Configuration(proxyBeanMethods = false)
class TokenDecoding {

	@Bean
	ReactiveJwtDecoder gatewayJwtDecoder(CivicSecurityProperties properties) {
		ReactiveJwtDecoder rules = JwtRules.jwksDecoder(properties.jwksUri().toString(), properties.issuer());
		return (token) -> rules.decode(token)
			.onErrorMap(IllegalStateException.class,
					(unavailable) -> new JwtException("Token signing keys unavailable", unavailable));
	}

}
