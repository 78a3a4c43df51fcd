package org.civicdispatch.web;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.civicdispatch.messaging.RequestIdMdcAccessor;

import reactor.core.publisher.Hooks;

/**
 * Copies the request id from the Reactor context into the logging MDC on whatever thread
 * runs the next step, so every log line of a request carries it as {@code %X{requestId}}
 * (and as the {@code requestId} member of a structured JSON line).
 * <p>
 * It registers the request id's accessor next to those that libraries register
 * (Micrometer's current observation, which tracing needs to put the trace id in the MDC,
 * and Spring Security's context) and removes none of them: automatic context propagation
 * then restores each around every operator.
 */
final class RequestIdLogging {

	private RequestIdLogging() {
	}

	static synchronized void install() {
		ContextRegistry registry = ContextRegistry.getInstance();
		boolean registered = registry.getThreadLocalAccessors()
			.stream()
			.map(ThreadLocalAccessor::key)
			.anyMatch(RequestIds.CONTEXT_KEY::equals);
		if (!registered) {
			// the messaging module registers it through META-INF/services; a registry
			// built by hand may lack it
			registry.registerThreadLocalAccessor(new RequestIdMdcAccessor());
		}
		Hooks.enableAutomaticContextPropagation();
	}

}
