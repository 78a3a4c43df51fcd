package org.civicdispatch.events;

import java.util.List;
import java.util.UUID;

/** A user registered as a volunteer at a station. */
public record VolunteerRegistered(UUID userId, String volunteerNo, String realName, UUID stationId,
		List<String> skills) implements VolunteerEvent {

	public VolunteerRegistered {
		skills = List.copyOf(skills);
	}

	@Override
	public UUID aggregateId() {
		return userId;
	}

}
