package org.civicdispatch.gateway.routing;

import java.net.ConnectException;
import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The Gateway's {@code Retry} filter, applied only to requests that are safe to send
 * twice: GET and HEAD, and a POST that carries an {@code Idempotency-Key} (the service
 * answers a repeat with the first response). A plain POST is repeated only when it could
 * not be sent at all (no connection to the service), never once it may have reached it.
 * {@code Retry} alone can only choose by method, hence this wrapper; in a route:
 * {@code - name: IdempotentRetry} with the usual {@code Retry} arguments
 * ({@code retries}, {@code series}, {@code statuses}, {@code backoff}...).
 */
@Component
class IdempotentRetryGatewayFilterFactory extends AbstractGatewayFilterFactory<RetryConfig> {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final RetryGatewayFilterFactory retry;

	public IdempotentRetryGatewayFilterFactory(RetryGatewayFilterFactory retry) {
		super(RetryConfig.class);
		this.retry = retry;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return retry.shortcutFieldOrder();
	}

	@Override
	public GatewayFilter apply(RetryConfig config) {
		// Which requests may be repeated is decided below; the Retry filter must not
		// narrow it.
		config.setMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST);
		GatewayFilter retrying = retry.apply(config);
		GatewayFilter reconnecting = retry.apply(connectFailuresOnly(config));
		return (exchange, chain) -> safeToRepeat(exchange.getRequest()) ? retrying.filter(exchange, chain)
				: reconnecting.filter(exchange, chain);
	}

	/**
	 * For any other request: tried again only when no connection could be made, so
	 * nothing of it reached the service (an instance that has just died, until the load
	 * balancer leaves it out; with {@code lb://} the next try goes to another instance).
	 * Never on an answer or on a connection lost mid-request.
	 */
	private static RetryConfig connectFailuresOnly(RetryConfig config) {
		RetryConfig reconnect = new RetryConfig();
		reconnect.setRetries(config.getRetries());
		reconnect.setBackoff(config.getBackoff());
		reconnect.setMethods(HttpMethod.values());
		reconnect.setSeries();
		reconnect.setStatuses();
		reconnect.setExceptions(ConnectException.class);
		return reconnect;
	}

	static boolean safeToRepeat(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return true;
		}
		return HttpMethod.POST.equals(method) && StringUtils.hasText(request.getHeaders().getFirst(IDEMPOTENCY_KEY));
	}

}
