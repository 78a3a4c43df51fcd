package org.civicdispatch.order.serviceorder;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * 督办 up the tree. An order is overdue while it is accepted or under way at or past its
 * due time (whether or not the sweep has flagged it yet). It is then the station's to
 * chase; once it has been overdue for the grace period
 * ({@code civic.supervision.escalation-grace}, default 24 h) it has escalated to the
 * institute above, and after twice the grace period to the centre. Staff over an
 * institute may read every order below it anyway: the level says which overdue orders are
 * now theirs to chase, and {@code GET /api/orders?overdue=true&escalated=true} lists
 * exactly those. Nothing is stored: the level follows from the due time and the clock.
 */
@Component
class OverdueEscalation {

	/** The levels an overdue order reaches, from the station up. */
	public enum Level {

		STATION, INSTITUTE, CENTRE

	}

	private final Duration grace;

	public OverdueEscalation(@Value("${civic.supervision.escalation-grace:24h}") Duration grace) {
		if (grace.isNegative() || grace.isZero()) {
			throw new IllegalArgumentException("civic.supervision.escalation-grace must be positive");
		}
		this.grace = grace;
	}

	public Duration grace() {
		return grace;
	}

	/** Whether the order is open and at or past its due time. */
	public static boolean isOverdue(ServiceOrder order, Instant now) {
		return (order.status() == OrderStatus.ACCEPTED || order.status() == OrderStatus.IN_SERVICE)
				&& order.dueAt() != null && !now.isBefore(order.dueAt());
	}

	/** The level the order has escalated to, or {@code null} when it is not overdue. */
	public Level levelOf(ServiceOrder order, Instant now) {
		if (!isOverdue(order, now)) {
			return null;
		}
		long periods = Duration.between(order.dueAt(), now).dividedBy(grace);
		return Level.values()[(int) Math.min(periods, Level.values().length - 1)];
	}

}
