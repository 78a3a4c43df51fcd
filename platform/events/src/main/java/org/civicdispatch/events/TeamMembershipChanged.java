package org.civicdispatch.events;

import java.util.UUID;

/**
 * A volunteer joined ({@code ADDED}) or left ({@code REMOVED}) a team; {@code team} is
 * the state after.
 */
public record TeamMembershipChanged(TeamSnapshot team, UUID userId, String change) implements VolunteerEvent {

	@Override
	public UUID aggregateId() {
		return team.teamId();
	}

}
