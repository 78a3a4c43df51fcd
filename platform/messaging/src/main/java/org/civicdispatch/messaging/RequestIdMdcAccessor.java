package org.civicdispatch.messaging;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Lets Reactor's automatic context propagation put the correlation id of the Reactor
 * context into the logging MDC on whatever thread runs an operator, and take it out again
 * afterwards. Registered with {@code ContextRegistry} through {@code META-INF/services},
 * so it is there before any bean exists.
 */
public class RequestIdMdcAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return Correlation.CONTEXT_KEY;
	}

	@Override
	public String getValue() {
		return MDC.get(Correlation.MDC_KEY);
	}

	@Override
	public void setValue(String value) {
		MDC.put(Correlation.MDC_KEY, value);
	}

	@Override
	public void setValue() {
		MDC.remove(Correlation.MDC_KEY);
	}

	@Override
	public void restore() {
		MDC.remove(Correlation.MDC_KEY);
	}

}
