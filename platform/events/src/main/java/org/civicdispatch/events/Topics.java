package org.civicdispatch.events;

/** Kafka topic names. Each topic carries one event family, keyed by aggregate id. */
public final class Topics {

	public static final String ORDER_EVENTS = "order.events.v1";

	public static final String VOLUNTEER_EVENTS = "volunteer.events.v1";

	public static final String POINTS_EVENTS = "points.events.v1";

	/** Suffix of the dead-letter topic that holds records a consumer could not apply. */
	public static final String DEAD_LETTER_SUFFIX = ".DLT";

	private Topics() {
	}

	public static String of(IntegrationEvent event) {
		return switch (event) {
			case OrderEvent e -> ORDER_EVENTS;
			case VolunteerEvent e -> VOLUNTEER_EVENTS;
			case PointsEvent e -> POINTS_EVENTS;
		};
	}

	public static String deadLetter(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}
