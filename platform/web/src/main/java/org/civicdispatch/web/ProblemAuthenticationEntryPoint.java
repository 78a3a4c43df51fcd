package org.civicdispatch.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** 401 as a problem, with the {@code WWW-Authenticate: Bearer} challenge of RFC 6750. */
public class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	private final ProblemResponses responses;

	public ProblemAuthenticationEntryPoint(ProblemResponses responses) {
		this.responses = responses;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		boolean badToken = ex instanceof InvalidBearerTokenException
				|| exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
		return responses.write(exchange, HttpStatus.UNAUTHORIZED,
				badToken ? "登录凭证无效或已过期，请重新登录" : "请先登录");
	}

}
