package org.civicdispatch.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Staff decided an appeal. When {@code upheld}, {@code finalRating} and
 * {@code volunteers} are the revised figures that replace those of
 * {@link OrderEvaluated}: points-service reverses the order's awards and awards again by
 * the rule in force at {@code evaluatedAt}, volunteer-service revises the service
 * records. A dismissed appeal changes nothing but the order.
 */
public record AppealDecided(UUID orderId, UUID teamId, String category, UUID stationId, boolean upheld,
		BigDecimal finalRating, List<ApprovedHours> volunteers, UUID decidedBy, String note,
		Instant evaluatedAt) implements OrderEvent {

	public AppealDecided {
		volunteers = List.copyOf(volunteers);
	}

}
