package org.civicdispatch.web;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;

import reactor.core.publisher.Hooks;

/**
 * Copies the request id from the Reactor context into the logging MDC on whatever thread runs
 * the next step, so every log line of a request carries it as {@code %X{requestId}}.
 */
final class RequestIdLogging {

	private RequestIdLogging() {
	}

	static synchronized void install() {
		ContextRegistry registry = ContextRegistry.getInstance();
		registry.removeThreadLocalAccessor(RequestIds.CONTEXT_KEY);
		registry.registerThreadLocalAccessor(RequestIds.CONTEXT_KEY, () -> MDC.get(RequestIds.CONTEXT_KEY),
				(value) -> MDC.put(RequestIds.CONTEXT_KEY, value), () -> MDC.remove(RequestIds.CONTEXT_KEY));
		Hooks.enableAutomaticContextPropagation();
	}

}
