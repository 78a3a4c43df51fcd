package org.civicdispatch.gateway.routing;

import org.civicdispatch.gateway.edge.ClientAddresses;
import org.civicdispatch.web.ClientAddress;
import org.civicdispatch.web.RequestIds;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Prepares every routed request: passes the correlation id on to the service as
 * {@code X-Request-Id} (the one the client sent, or the one made for it at the edge),
 * answers with it exactly once, tells the service the client's address in
 * {@code X-Client-Address} (see {@link ClientAddresses}; a value the client sent is
 * dropped), and remembers the URL the client asked for, which a circuit-breaker fallback
 * reports after it has been forwarded elsewhere.
 */
@Component
class RoutedRequestFilter implements GlobalFilter, Ordered {

	private final ClientAddresses clientAddresses;

	RoutedRequestFilter(ClientAddresses clientAddresses) {
		this.clientAddresses = clientAddresses;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, exchange.getRequest().getURI());
		String clientAddress = clientAddresses.of(exchange);
		String requestId = RequestIds.of(exchange).orElse(null);
		if (requestId != null) {
			// Exactly one id on the answer, whatever happened on the way: the service's
			// answer adds its
			// own copy, and a retry or a fallback drops every header the service had set.
			exchange.getResponse().beforeCommit(() -> {
				exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
				return Mono.empty();
			});
		}
		return chain.filter(exchange.mutate().request((request) -> request.headers((headers) -> {
			// Whatever the client sent under this name is replaced: services trust only
			// the gateway's value.
			headers.set(ClientAddress.HEADER, clientAddress);
			if (requestId != null) {
				headers.set(RequestIds.HEADER, requestId);
			}
		})).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 50;
	}

}
