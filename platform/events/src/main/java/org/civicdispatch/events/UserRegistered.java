package org.civicdispatch.events;

import java.util.UUID;

/** An account was created. The phone number stays in volunteer-service. */
public record UserRegistered(UUID userId, String name) implements VolunteerEvent {

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
