package org.civicdispatch.web;

import java.util.List;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

import reactor.core.publisher.Hooks;

/**
 * Copies the request id from the Reactor context into the logging MDC on whatever thread runs
 * the next step, so every log line of a request carries it as {@code %X{requestId}}.
 * <p>
 * Automatic context propagation restores every registered thread-local around every operator.
 * The request id is the only one this platform reads from a thread local; the others that
 * libraries register (Micrometer's current observation, Spring Security's context) are read
 * from the Reactor context by the code that uses them. Restoring them too cost about a fifth of
 * a service's CPU under load (benchmarks/RESULTS.md), so only the request id's accessor is kept.
 */
final class RequestIdLogging {

	private RequestIdLogging() {
	}

	static synchronized void install() {
		ContextRegistry registry = ContextRegistry.getInstance();
		List<Object> others = registry.getThreadLocalAccessors()
			.stream()
			.map(ThreadLocalAccessor::key)
			.filter((key) -> !RequestIds.CONTEXT_KEY.equals(key))
			.toList();
		others.forEach(registry::removeThreadLocalAccessor);
		registry.removeThreadLocalAccessor(RequestIds.CONTEXT_KEY);
		registry.registerThreadLocalAccessor(RequestIds.CONTEXT_KEY, () -> MDC.get(RequestIds.CONTEXT_KEY),
				(value) -> MDC.put(RequestIds.CONTEXT_KEY, value), () -> MDC.remove(RequestIds.CONTEXT_KEY));
		Hooks.enableAutomaticContextPropagation();
	}

}
