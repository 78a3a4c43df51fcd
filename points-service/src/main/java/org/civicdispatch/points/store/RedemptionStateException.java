package org.civicdispatch.points.store;

import org.civicdispatch.web.ConflictException;

/** 409: the redemption is not in a state that allows the change. */
class RedemptionStateException extends ConflictException {

	RedemptionStateException(String detail) {
		super(detail);
	}

}
