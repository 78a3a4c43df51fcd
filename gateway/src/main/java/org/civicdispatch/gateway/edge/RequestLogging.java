package org.civicdispatch.gateway.edge;

import org.civicdispatch.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * One access-log line per request, {@code GET /api/orders/… 200 12ms}, logged under
 * {@code org.civicdispatch.gateway.access} with the request id in the MDC (so
 * {@code %X{requestId}} prints it). 401s, 413s and 429s answered at the edge are logged
 * too.
 */
@Component
public class RequestLogging implements WebFilter, Ordered {

	private static final Logger access = LoggerFactory.getLogger("org.civicdispatch.gateway.access");

	/**
	 * Right after the correlation id is settled, so that every answer is logged with it.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long started = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> withRequestId(exchange, () -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			access.info("{} {} {} {}ms", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
					status != null ? status.value() : "-", (System.nanoTime() - started) / 1_000_000);
		}));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Runs {@code logging} with the exchange's request id in the MDC, for log lines
	 * written from callbacks that the Reactor context does not reach.
	 */
	public static void withRequestId(ServerWebExchange exchange, Runnable logging) {
		String requestId = RequestIds.of(exchange).orElse(null);
		if (requestId == null) {
			logging.run();
			return;
		}
		String previous = MDC.get(RequestIds.CONTEXT_KEY);
		MDC.put(RequestIds.CONTEXT_KEY, requestId);
		try {
			logging.run();
		}
		finally {
			if (previous != null) {
				MDC.put(RequestIds.CONTEXT_KEY, previous);
			}
			else {
				MDC.remove(RequestIds.CONTEXT_KEY);
			}
		}
	}

}
