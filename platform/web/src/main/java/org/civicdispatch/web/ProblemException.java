package org.civicdispatch.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A failure the caller can understand and act on: Spring's {@link ErrorResponseException}
 * with a {@link Problem} body of this status and {@link #getMessage() detail} (Chinese,
 * for the person using the app). Throw it, or return it in a {@code Mono.error}, from
 * anywhere in a request's chain.
 */
public abstract class ProblemException extends ErrorResponseException {

	private final List<FieldError> errors;

	protected ProblemException(HttpStatus status, String detail) {
		this(status, detail, List.of());
	}

	protected ProblemException(HttpStatus status, String detail, List<FieldError> errors) {
		super(status, new Problem(status, detail, errors), null);
		this.errors = List.copyOf(errors);
	}

	/** Field errors, for a 400; empty otherwise. */
	public List<FieldError> errors() {
		return errors;
	}

	/** The detail alone, rather than Spring's summary of the whole answer. */
	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

	/** An answer to the caller, not a bug: no stack trace to record. */
	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
