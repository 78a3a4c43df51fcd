package org.civicdispatch.events;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CloudEvents {@code type} of every integration event, and the record its
 * {@code data} reads into. Types are the names DESIGN.md gives the events; they are part
 * of the wire contract, so a record may be renamed but its type may not.
 */
public final class EventTypes {

	private static final Map<String, Class<? extends IntegrationEvent>> CLASSES = Stream
		.<Class<? extends IntegrationEvent>>of(OrderPlaced.class, OrderDispatched.class, OrderRejected.class,
				OrderUnassigned.class, OrderAccepted.class, OrderStarted.class, OrderCompleted.class,
				OrderEvaluated.class, OrderCancelled.class, OrderOverdue.class, OrderUrged.class, OrderAppealed.class,
				AppealDecided.class, UserRegistered.class, OrgUnitCreated.class, VolunteerRegistered.class,
				TeamRegistered.class, TeamUpdated.class, TeamMembershipChanged.class, StaffScopeGranted.class,
				ActivityPublished.class, ActivityCompleted.class, PointsAwarded.class, PointsAdjusted.class,
				RedemptionReserved.class, RedemptionFulfilled.class, RedemptionCancelled.class)
		.collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

	private EventTypes() {
	}

	public static String typeOf(IntegrationEvent event) {
		return event.getClass().getSimpleName();
	}

	public static Optional<Class<? extends IntegrationEvent>> classOf(String type) {
		return Optional.ofNullable(CLASSES.get(type));
	}

	public static Map<String, Class<? extends IntegrationEvent>> all() {
		return CLASSES;
	}

}
