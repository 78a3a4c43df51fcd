package org.civicdispatch.points.ledger;

import org.civicdispatch.web.ConflictException;

/** 409: the debit would take a volunteer's balance below zero. */
class InsufficientPointsException extends ConflictException {

	public InsufficientPointsException() {
		super("积分不足");
	}

}
