package org.civicdispatch.order.serviceorder;

import java.time.Instant;
import java.util.UUID;

/** One rating of a completed order, by the resident or by staff. */
record Evaluation(Evaluator by, UUID evaluatorId, int rating, String comment, Instant at) {

	public enum Evaluator {

		RESIDENT, STAFF

	}

}
