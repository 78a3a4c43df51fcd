package org.civicdispatch.web;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.civicdispatch.messaging.Correlation;

import org.springframework.web.server.ServerWebExchange;

import reactor.util.context.ContextView;

/**
 * The correlation id of a request: the {@code X-Request-Id} header the gateway (or
 * caller) set, or a new UUID. It travels in the Reactor context under
 * {@link #CONTEXT_KEY}, in the logging MDC under the same key, and on to Kafka in the
 * header of the same name.
 */
public final class RequestIds {

	public static final String HEADER = Correlation.HEADER;

	/** Reactor context key and MDC key. */
	public static final String CONTEXT_KEY = Correlation.CONTEXT_KEY;

	static final String ATTRIBUTE = RequestIds.class.getName() + ".requestId";

	// Taken over from outside only when it cannot break a log line or a header.
	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	private RequestIds() {
	}

	static String accept(String candidate) {
		if (candidate != null && ACCEPTABLE.matcher(candidate).matches()) {
			return candidate;
		}
		return UUID.randomUUID().toString();
	}

	/**
	 * The id of the request an exchange is for (set by the correlation filter), if any.
	 */
	public static Optional<String> of(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
	}

	/** The id in a Reactor context, if any. */
	public static Optional<String> of(ContextView context) {
		return Correlation.requestId(context);
	}

}
