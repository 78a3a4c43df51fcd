package org.civicdispatch.order.order;

import java.time.Instant;
import java.util.UUID;

/** One rating of a completed order, by the resident or by staff. */
record Evaluation(Evaluator by, UUID evaluatorId, int rating, String comment, Instant at) {

	public enum Evaluator {

		RESIDENT, STAFF

	}

}
