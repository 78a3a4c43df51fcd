package org.civicdispatch.web;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.security.*}: where the token signing keys are published, the issuer tokens
 * must name, and the paths that need no token, each {@code "METHOD /pattern"} or
 * {@code "/pattern"} (Spring path patterns). Pointing the JWKS URI and issuer at an
 * outside OpenID Connect provider (for example Keycloak's
 * {@code /realms/<realm>/protocol/openid-connect/certs}) needs no code change.
 */
@ConfigurationProperties("civic.security")
public record CivicSecurityProperties(@DefaultValue("http://localhost:8081/.well-known/jwks.json") URI jwksUri,
		@DefaultValue("civic-dispatch") String issuer, @DefaultValue List<String> publicPaths) {

	public CivicSecurityProperties {
		publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
	}

}
