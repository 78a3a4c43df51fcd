package org.civicdispatch.messaging;

/**
 * A well-formed event of a type this build does not know, for example from a newer
 * producer. Consumers skip it.
 */
public class UnknownEventTypeException extends RuntimeException {

	private final String eventId;

	private final String type;

	public UnknownEventTypeException(String eventId, String type) {
		super("Unknown event type '" + type + "' (event " + eventId + ")");
		this.eventId = eventId;
		this.type = type;
	}

	public String eventId() {
		return this.eventId;
	}

	public String type() {
		return this.type;
	}

}
