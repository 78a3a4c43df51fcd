package org.civicdispatch.web;

import org.springframework.http.HttpStatus;

/** 403 Forbidden: the caller is known but may not do this. */
public class ForbiddenException extends ProblemException {

	public ForbiddenException(String detail) {
		super(HttpStatus.FORBIDDEN, detail);
	}

}
