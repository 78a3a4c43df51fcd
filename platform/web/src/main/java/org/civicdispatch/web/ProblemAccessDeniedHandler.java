package org.civicdispatch.web;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** 403 as a problem. */
public class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final ProblemResponses responses;

	public ProblemAccessDeniedHandler(ProblemResponses responses) {
		this.responses = responses;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return responses.write(exchange, HttpStatus.FORBIDDEN, StatusDetails.of(HttpStatus.FORBIDDEN));
	}

}
