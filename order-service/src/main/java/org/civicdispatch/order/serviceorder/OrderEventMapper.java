package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.OrderAccepted;
import org.civicdispatch.events.OrderAppealed;
import org.civicdispatch.events.OrderCancelled;
import org.civicdispatch.events.OrderCompleted;
import org.civicdispatch.events.OrderDispatched;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.OrderEvent;
import org.civicdispatch.events.OrderOverdue;
import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.events.OrderRejected;
import org.civicdispatch.events.OrderStarted;
import org.civicdispatch.events.OrderUnassigned;
import org.civicdispatch.events.OrderUrged;
import org.civicdispatch.events.VolunteerHours;

/**
 * The one place where domain events of an order become the integration events on
 * {@code order.events.v1}.
 */
final class OrderEventMapper {

	private OrderEventMapper() {
	}

	public static List<OrderEvent> toIntegrationEvents(ServiceOrder order, List<OrderChange> changes) {
		return changes.stream()
			.map(change -> toIntegrationEvent(order.snapshot(), change))
			.flatMap(Optional::stream)
			.toList();
	}

	static Optional<OrderEvent> toIntegrationEvent(ServiceOrder.Snapshot order, OrderChange change) {
		UUID id = order.id();
		return Optional.ofNullable(switch (change) {
			case OrderChange.Placed p -> new OrderPlaced(id, order.residentId(), order.category(), order.stationId(),
					order.title(), order.preferredTime());
			case OrderChange.Dispatched d -> new OrderDispatched(id, d.teamId(), order.stationId(), order.category(),
					d.acceptDeadline(), d.dispatchedBy());
			case OrderChange.Rejected r -> new OrderRejected(id, r.teamId(), r.reason(), r.timedOut());
			case OrderChange.Unassigned u -> new OrderUnassigned(id, order.stationId(), order.category());
			case OrderChange.Accepted a -> new OrderAccepted(id, a.teamId(), a.volunteerIds(), a.dueAt());
			case OrderChange.Started s -> new OrderStarted(id, s.teamId(), s.startedBy());
			case OrderChange.Completed c -> new OrderCompleted(id, c.teamId(), c.summary(), hours(c.hours()));
			case OrderChange.Rated r -> null; // internal step: the evaluated event
												// follows when both are in
			case OrderChange.Evaluated e -> new OrderEvaluated(id, e.teamId(), order.category(), order.stationId(),
					e.finalRating(), approved(e.approvedHours()), order.title());
			case OrderChange.Cancelled c -> new OrderCancelled(id, c.teamId(), c.cancelledBy(), c.reason());
			case OrderChange.Overdue o -> new OrderOverdue(id, o.teamId(), order.stationId(), o.dueAt());
			case OrderChange.Urged u ->
				new OrderUrged(id, u.teamId(), order.stationId(), u.urgedBy(), u.note(), u.at());
			case OrderChange.Appealed a ->
				new OrderAppealed(id, a.teamId(), order.stationId(), a.appealedBy(), a.reason(), a.at());
			case OrderChange.AppealDecided d -> new AppealDecided(id, d.teamId(), order.category(), order.stationId(),
					d.upheld(), d.finalRating(), approved(d.approvedHours()), d.decidedBy(), d.note(), d.evaluatedAt());
			// proof of service stays inside order-service: the order's history and view
			// show it
			case OrderChange.CheckedIn c -> null;
			case OrderChange.PhotoAdded p -> null;
		});
	}

	private static List<VolunteerHours> hours(Map<UUID, BigDecimal> hours) {
		return hours.entrySet().stream().map(e -> new VolunteerHours(e.getKey(), e.getValue())).toList();
	}

	private static List<ApprovedHours> approved(Map<UUID, BigDecimal> hours) {
		return hours.entrySet().stream().map(e -> new ApprovedHours(e.getKey(), e.getValue())).toList();
	}

}
