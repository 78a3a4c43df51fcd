package org.civicdispatch.events;

import java.util.UUID;

/** A volunteer team (志愿服务队) was created. */
public record TeamRegistered(TeamSnapshot team) implements VolunteerEvent {

	@Override
	public UUID aggregateId() {
		return team.teamId();
	}

}
