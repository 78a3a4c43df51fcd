package org.civicdispatch.messaging;

import java.util.Optional;
import java.util.function.Function;

import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The correlation id that follows one user action through every service: set by the web
 * filter from {@value #HEADER} (or made up), kept in the Reactor context under
 * {@value #CONTEXT_KEY}, stored with outbox rows, sent as a Kafka header, and restored by
 * {@link Inbox} before a consumer's effect runs, so events that effect writes carry the
 * same id. Logging sees it as MDC key {@value #MDC_KEY}.
 */
public final class Correlation {

	/** Key of the correlation id in the Reactor context. */
	public static final String CONTEXT_KEY = "requestId";

	/** HTTP and Kafka header that carries the correlation id. */
	public static final String HEADER = "X-Request-Id";

	/**
	 * Logging MDC key; the same as the context key so context propagation can restore it.
	 */
	public static final String MDC_KEY = CONTEXT_KEY;

	private Correlation() {
	}

	/** The correlation id in {@code context}, if any. */
	public static Optional<String> requestId(ContextView context) {
		return context.getOrEmpty(CONTEXT_KEY).map(Object::toString).filter(id -> !id.isBlank());
	}

	/**
	 * The correlation id of the current subscriber: from the Reactor context, else from
	 * the MDC of the subscribing thread. Never empty: emits {@code Optional.empty()} when
	 * there is none.
	 */
	public static Mono<Optional<String>> currentRequestId() {
		return Mono.deferContextual(context -> Mono
			.just(requestId(context).or(() -> Optional.ofNullable(MDC.get(MDC_KEY)).filter(id -> !id.isBlank()))));
	}

	/**
	 * A context writer that puts {@code requestId} into the Reactor context ({@code null}
	 * leaves it as it is).
	 */
	public static Function<Context, Context> withRequestId(String requestId) {
		return context -> (requestId == null || requestId.isBlank()) ? context : context.put(CONTEXT_KEY, requestId);
	}

}
