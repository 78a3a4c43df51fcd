package org.civicdispatch.events;

import java.util.UUID;

/** A team's settings changed (categories, capacity, leader, or it was deactivated). */
public record TeamUpdated(TeamSnapshot team) implements VolunteerEvent {

	@Override
	public UUID aggregateId() {
		return team.teamId();
	}

}
