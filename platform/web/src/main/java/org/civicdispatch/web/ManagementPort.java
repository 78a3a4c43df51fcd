package org.civicdispatch.web;

import java.net.InetSocketAddress;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Matches the requests that arrived on the actuator's own port
 * ({@code management.server.port}, set from {@code MANAGEMENT_PORT}). That port is meant
 * for the cluster alone (Prometheus, probes) and is never published, so the actuator
 * answers there without a token; on the application's port it stays for ADMIN. With no
 * port of its own (the local stack, tests), nothing matches.
 */
final class ManagementPort implements ServerWebExchangeMatcher, ApplicationListener<WebServerInitializedEvent> {

	/**
	 * {@code ConfigurableWebServerApplicationContext#getServerNamespace()} of the
	 * actuator's child context.
	 */
	static final String NAMESPACE = "management";

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// the child context's events reach the parent's listeners too
		if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		int managementPort = this.port;
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		return (managementPort > 0 && local != null && local.getPort() == managementPort) ? MatchResult.match()
				: MatchResult.notMatch();
	}

}
