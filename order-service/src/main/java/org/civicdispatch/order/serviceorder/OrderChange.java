package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Domain events: what a transition of {@link ServiceOrder} changed. They stay inside
 * order-service; {@code OrderEventMapper} turns each into the integration event other
 * services read.
 */
public sealed interface OrderChange {

	record Placed() implements OrderChange {
	}

	/** {@code dispatchedBy} is {@code null} for the automatic dispatcher. */
	record Dispatched(UUID teamId, Instant acceptDeadline, UUID dispatchedBy) implements OrderChange {
	}

	record Rejected(UUID teamId, String reason, boolean timedOut) implements OrderChange {
	}

	record Unassigned() implements OrderChange {
	}

	record Accepted(UUID teamId, List<UUID> volunteerIds, Instant dueAt) implements OrderChange {
	}

	record Started(UUID teamId, UUID startedBy) implements OrderChange {
	}

	record Completed(UUID teamId, String summary, Map<UUID, BigDecimal> hours) implements OrderChange {
	}

	/** One of the two evaluations came in; the order is not closed yet. */
	record Rated(Evaluation evaluation) implements OrderChange {
	}

	record Evaluated(UUID teamId, BigDecimal finalRating, Map<UUID, BigDecimal> approvedHours) implements OrderChange {
	}

	record Cancelled(UUID teamId, UUID cancelledBy, String reason) implements OrderChange {
	}

	record Overdue(UUID teamId, Instant dueAt) implements OrderChange {
	}

	/** 督办: staff urged the team holding the order. */
	record Urged(UUID teamId, UUID urgedBy, String note, Instant at) implements OrderChange {
	}

	/** 申诉: the resident appealed the evaluation. */
	record Appealed(UUID teamId, UUID appealedBy, String reason, Instant at) implements OrderChange {
	}

	/** Staff decided the appeal; when upheld with the revised rating and hours. */
	record AppealDecided(UUID teamId, boolean upheld, BigDecimal finalRating, Map<UUID, BigDecimal> approvedHours,
			UUID decidedBy, String note, Instant evaluatedAt) implements OrderChange {
	}

	/** 签到 / 签退: an assigned volunteer checked in or out at the door. */
	record CheckedIn(UUID volunteerId, CheckIn.Type type, Instant at) implements OrderChange {
	}

	/** The resident or the team attached a photo. */
	record PhotoAdded(UUID photoId, UUID addedBy) implements OrderChange {
	}

}
