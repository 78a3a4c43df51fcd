package org.civicdispatch.web;

import org.springframework.http.HttpStatus;

/** 409 Conflict: a duplicate, or a change the current state does not allow. */
public class ConflictException extends ProblemException {

	public ConflictException(String detail) {
		super(HttpStatus.CONFLICT, detail);
	}

}
