package org.civicdispatch.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Gives every request a correlation id (see {@link RequestIds}) before anything else
 * runs, so that even a 401 answer carries it back.
 */
public class RequestIdWebFilter implements WebFilter, Ordered {

	/** Before Spring Security's filter chain (order -100). */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = RequestIds.accept(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
		exchange.getAttributes().put(RequestIds.ATTRIBUTE, requestId);
		exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
		return chain.filter(exchange).contextWrite(context -> context.put(RequestIds.CONTEXT_KEY, requestId));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
