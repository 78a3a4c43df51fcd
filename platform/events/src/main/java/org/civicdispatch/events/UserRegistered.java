package org.civicdispatch.events;

import java.util.UUID;

/**
 * An account was created. The phone lets order-service recognise a neighbour that a
 * volunteer ordered for (帮办) as this account; it is {@code null} in events published
 * before it was added.
 */
public record UserRegistered(UUID userId, String name, String phone) implements VolunteerEvent {

	public UserRegistered(UUID userId, String name) {
		this(userId, name, null);
	}

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
