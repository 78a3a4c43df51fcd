package org.civicdispatch.web;

import org.springframework.http.HttpStatus;

/** 401 Unauthorized: no or bad credentials. */
public class UnauthorizedException extends ProblemException {

	public UnauthorizedException(String detail) {
		super(HttpStatus.UNAUTHORIZED, detail);
	}

}
