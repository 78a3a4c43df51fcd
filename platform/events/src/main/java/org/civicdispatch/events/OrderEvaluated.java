package org.civicdispatch.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * 多元评单 finished: the order is closed with its final rating (0.6 × resident + 0.4 × staff,
 * or the staff rating alone) and the approved hours per volunteer. points-service awards
 * points from it, volunteer-service records service hours from it, under the order's
 * {@code title} (absent from events published before it was added).
 */
public record OrderEvaluated(UUID orderId, UUID teamId, String category, UUID stationId, BigDecimal finalRating,
		List<ApprovedHours> volunteers, String title) implements OrderEvent {

	public OrderEvaluated {
		volunteers = List.copyOf(volunteers);
	}

	/**
	 * An evaluation without the order's title, as events published before the title was
	 * added read.
	 */
	public OrderEvaluated(UUID orderId, UUID teamId, String category, UUID stationId, BigDecimal finalRating,
			List<ApprovedHours> volunteers) {
		this(orderId, teamId, category, stationId, finalRating, volunteers, null);
	}

}
