package org.civicdispatch.order.serviceorder;

import java.util.EnumSet;
import java.util.Set;

/** Where a service order stands; see the state machine in DESIGN.md. */
public enum OrderStatus {

	PLACED, DISPATCHED, UNASSIGNED, ACCEPTED, IN_SERVICE, COMPLETED, EVALUATED, CANCELLED;

	/**
	 * Statuses in which an order takes one of its team's capacity slots. Capacity frees
	 * when the team reports the work done (COMPLETED): evaluation is paperwork that no
	 * longer needs the team's hands.
	 */
	public static final Set<OrderStatus> OPEN = EnumSet.of(DISPATCHED, ACCEPTED, IN_SERVICE);

	/**
	 * Statuses of an order the resident is still waiting on: placed and not yet completed
	 * or cancelled.
	 */
	public static final Set<OrderStatus> UNFINISHED = EnumSet.of(PLACED, DISPATCHED, UNASSIGNED, ACCEPTED, IN_SERVICE);

	/** Statuses the resident may still cancel from. */
	public static final Set<OrderStatus> CANCELLABLE = EnumSet.of(PLACED, DISPATCHED, UNASSIGNED);

	/** Statuses from which the automatic dispatcher offers the order to a team. */
	public static final Set<OrderStatus> AWAITING_TEAM = EnumSet.of(PLACED, UNASSIGNED);

	public boolean occupiesTeam() {
		return OPEN.contains(this);
	}

}
