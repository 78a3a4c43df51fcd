package org.civicdispatch.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Connections that fail, on either side of a request, ahead of
 * {@link ProblemExceptionHandler}:
 * <ul>
 * <li>No database connection within the pool's {@code max-acquire-time} (every connection
 * busy, or PostgreSQL unreachable or too slow): 503 with {@code Retry-After}, at once,
 * instead of a 500 or a request that waits forever. Spring wraps the pool's timeout in
 * {@link DataAccessResourceFailureException} (a query) or
 * {@link CannotCreateTransactionException} (a transaction).</li>
 * <li>The client hung up ({@link AbortedException}): there is nobody to answer, so
 * nothing is written and nothing is logged as an error.</li>
 * </ul>
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConnectionProblemsHandler {

	private static final Logger log = LoggerFactory.getLogger(ConnectionProblemsHandler.class);

	static final String BUSY = "服务繁忙，请稍后再试";

	/** How long a client should wait before it tries again. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
			TransientDataAccessResourceException.class, QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> databaseBusy(Exception ex, ServerWebExchange exchange) {
		log.warn("Request {} {} answered 503: no database connection in time: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), rootMessage(ex));
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
		return ProblemExceptionHandler.answer(exchange, headers, new Problem(HttpStatus.SERVICE_UNAVAILABLE, BUSY));
	}

	@ExceptionHandler(AbortedException.class)
	Mono<Void> clientGone(AbortedException ex, ServerWebExchange exchange) {
		log.debug("Request {} {}: the client hung up: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), ex.getMessage());
		return Mono.empty();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
