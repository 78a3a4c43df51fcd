package org.civicdispatch.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A failure the caller can understand and act on; answered as an RFC 9457 problem with this
 * status and {@link #getMessage() detail} (Chinese, for the person using the app). Throw it, or
 * return it in a {@code Mono.error}, from anywhere in a request's chain.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final List<FieldError> errors;

	protected ProblemException(HttpStatus status, String detail) {
		this(status, detail, List.of());
	}

	protected ProblemException(HttpStatus status, String detail, List<FieldError> errors) {
		super(detail, null, false, false);
		this.status = status;
		this.errors = List.copyOf(errors);
	}

	public HttpStatus status() {
		return status;
	}

	public String detail() {
		return getMessage();
	}

	/** Field errors, for a 400; empty otherwise. */
	public List<FieldError> errors() {
		return errors;
	}

}
