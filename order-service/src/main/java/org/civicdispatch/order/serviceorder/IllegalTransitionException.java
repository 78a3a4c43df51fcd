package org.civicdispatch.order.serviceorder;

/** The order is not in a status that allows the requested change (409). */
public class IllegalTransitionException extends RuntimeException {

	public IllegalTransitionException(String message) {
		super(message);
	}

}
