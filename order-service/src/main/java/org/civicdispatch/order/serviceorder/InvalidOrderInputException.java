package org.civicdispatch.order.serviceorder;

/**
 * A command carries data the order cannot take, such as hours for someone not assigned
 * (400).
 */
public class InvalidOrderInputException extends RuntimeException {

	private final String field;

	public InvalidOrderInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return field;
	}

}
