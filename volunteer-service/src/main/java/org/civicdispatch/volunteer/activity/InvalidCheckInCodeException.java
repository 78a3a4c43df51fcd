package org.civicdispatch.volunteer.activity;

import org.civicdispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/** A check-in code that is wrong, expired or another activity's: 422. */
class InvalidCheckInCodeException extends ProblemException {

	InvalidCheckInCodeException(String detail) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, detail);
	}

}
