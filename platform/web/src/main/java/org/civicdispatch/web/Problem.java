package org.civicdispatch.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpStatus;

/**
 * The RFC 9457 problem body every service answers with: {@code title} in English (the status's
 * name), {@code detail} in Chinese for the person reading it, and {@code errors} for a 400 about
 * the input. {@code requestId} lets support find the request in the logs.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, String requestId,
		List<FieldError> errors) {

	public static final URI BLANK_TYPE = URI.create("about:blank");

	public static Problem of(HttpStatus status, String detail, String instance, String requestId,
			List<FieldError> errors) {
		return new Problem(BLANK_TYPE, status.getReasonPhrase(), status.value(), detail, instance, requestId,
				errors == null ? List.of() : List.copyOf(errors));
	}

}
