package org.civicdispatch.web;

import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/**
 * Reads a validated token into an authentication whose authorities are
 * {@code ROLE_<role>}; a token whose claims do not read (no UUID subject, say) fails here
 * and is answered 401.
 */
public class CurrentUserAuthenticationConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		CurrentUser user = TokenClaims.toCurrentUser(jwt);
		List<GrantedAuthority> authorities = user.roles()
			.stream()
			.<GrantedAuthority>map((role) -> new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
		return Mono.just(new JwtAuthenticationToken(jwt, authorities, user.id().toString()));
	}

}
