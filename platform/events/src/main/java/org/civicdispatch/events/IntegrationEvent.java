package org.civicdispatch.events;

import java.util.UUID;

/**
 * The data of a fact one service announces to the others. Every event belongs to exactly
 * one family, and every family to exactly one topic, so a new event is a compile error in
 * every {@code switch} that does not handle it yet.
 */
public sealed interface IntegrationEvent permits OrderEvent, VolunteerEvent, PointsEvent {

	/**
	 * The aggregate the event is about: the Kafka key and the CloudEvents
	 * {@code subject}.
	 */
	UUID aggregateId();

}
