package org.civicdispatch.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 429 Too Many Requests: try again after {@code retryAfter}, sent as the
 * {@code Retry-After} header in whole seconds.
 */
public class TooManyRequestsException extends ProblemException {

	public TooManyRequestsException(String detail, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, detail);
		if (retryAfter != null) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
		}
	}

}
