package org.civicdispatch.messaging;

/**
 * A record that is not a readable event envelope. Retrying cannot help: it goes straight
 * to the dead-letter topic.
 */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
