package org.civicdispatch.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** 400 Bad Request: the input is malformed or invalid. */
public class BadRequestException extends ProblemException {

	public BadRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, detail);
	}

	public BadRequestException(String detail, List<FieldError> errors) {
		super(HttpStatus.BAD_REQUEST, detail, errors);
	}

	/** A 400 about one field. */
	public static BadRequestException field(String field, String message) {
		return new BadRequestException(message, List.of(new FieldError(field, message)));
	}

}
