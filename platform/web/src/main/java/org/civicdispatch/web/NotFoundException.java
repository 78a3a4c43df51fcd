package org.civicdispatch.web;

import org.springframework.http.HttpStatus;

/**
 * 404 Not Found: the thing asked for does not exist (or the caller may not know it does).
 */
public class NotFoundException extends ProblemException {

	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, detail);
	}

}
