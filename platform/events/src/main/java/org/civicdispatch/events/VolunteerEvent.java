package org.civicdispatch.events;

/**
 * Facts about people, the org tree and teams, published by volunteer-service on
 * {@link Topics#VOLUNTEER_EVENTS}.
 */
public sealed interface VolunteerEvent extends IntegrationEvent
		permits UserRegistered, OrgUnitCreated, VolunteerRegistered, TeamRegistered, TeamUpdated, TeamMembershipChanged,
		StaffScopeGranted, ActivityPublished, ActivityCompleted {

}
