package org.civicdispatch.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/** 429 Too Many Requests: try again after {@link #retryAfter()} (sent as the {@code Retry-After} header). */
public class TooManyRequestsException extends ProblemException {

	private final Duration retryAfter;

	public TooManyRequestsException(String detail, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, detail);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return retryAfter;
	}

}
