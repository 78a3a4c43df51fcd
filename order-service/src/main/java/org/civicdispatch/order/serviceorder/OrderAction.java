package org.civicdispatch.order.serviceorder;

/** What happened to an order, as the history shows it. */
enum OrderAction {

	PLACED, DISPATCHED, REJECTED, TIMED_OUT, UNASSIGNED, ACCEPTED, STARTED, COMPLETED, RESIDENT_EVALUATED,
	STAFF_EVALUATED, EVALUATED, CANCELLED, OVERDUE, URGED, APPEALED, APPEAL_UPHELD, APPEAL_DISMISSED,

	/**
	 * An assigned volunteer checked in or out at the door with the resident's code (签到 /
	 * 签退).
	 */
	CHECKED_IN, CHECKED_OUT,

	/** A photo was attached by the actor (the order's {@code photos} list it). */
	PHOTO_ADDED

}
