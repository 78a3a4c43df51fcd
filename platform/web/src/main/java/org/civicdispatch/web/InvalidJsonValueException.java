package org.civicdispatch.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON value that reads but may not be used (a string with invisible characters, a
 * number out of bounds); {@link #fieldMessage()} is what the caller reads next to the
 * field. Jackson adds the field's path as the exception travels up, so the 400 names the
 * field.
 */
final class InvalidJsonValueException extends MismatchedInputException {

	private final String fieldMessage;

	InvalidJsonValueException(JsonParser parser, Class<?> targetType, String reason, String fieldMessage) {
		super(parser, reason, targetType);
		this.fieldMessage = fieldMessage;
	}

	String fieldMessage() {
		return fieldMessage;
	}

}
