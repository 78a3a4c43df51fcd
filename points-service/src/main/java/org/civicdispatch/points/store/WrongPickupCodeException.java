package org.civicdispatch.points.store;

import org.civicdispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/** 422: the pickup code does not match; the goods stay reserved. */
class WrongPickupCodeException extends ProblemException {

	WrongPickupCodeException(int attemptsLeft) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "核销码不正确，还可尝试 %d 次".formatted(attemptsLeft));
	}

}
