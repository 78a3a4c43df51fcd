package org.civicdispatch.order.checkin;

import org.civicdispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A code that is wrong, expired, for another order, or already used by this volunteer:
 * 422.
 */
class InvalidCheckInCodeException extends ProblemException {

	InvalidCheckInCodeException(String detail) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, detail);
	}

}
