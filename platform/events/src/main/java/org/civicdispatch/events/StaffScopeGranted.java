package org.civicdispatch.events;

import java.util.UUID;

/** An administrator made a user staff over an org unit and everything under it. */
public record StaffScopeGranted(UUID userId, UUID orgUnitId, UUID grantedBy) implements VolunteerEvent {

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
