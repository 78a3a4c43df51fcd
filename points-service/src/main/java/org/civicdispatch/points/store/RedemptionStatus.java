package org.civicdispatch.points.store;

/** RESERVED → FULFILLED (核销) or RESERVED → CANCELLED (by a person, or expired). */
enum RedemptionStatus {

	RESERVED, FULFILLED, CANCELLED

}
