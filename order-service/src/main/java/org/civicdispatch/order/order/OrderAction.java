package org.civicdispatch.order.order;

/** What happened to an order, as the history shows it. */
public enum OrderAction {

	PLACED, DISPATCHED, REJECTED, TIMED_OUT, UNASSIGNED, ACCEPTED, STARTED, COMPLETED, RESIDENT_EVALUATED,
	STAFF_EVALUATED, EVALUATED, CANCELLED, OVERDUE, URGED, APPEALED,
	APPEAL_UPHELD, APPEAL_DISMISSED

}
