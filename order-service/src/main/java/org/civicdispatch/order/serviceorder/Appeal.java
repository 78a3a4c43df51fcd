package org.civicdispatch.order.serviceorder;

import java.time.Instant;
import java.util.UUID;

/** 申诉: the resident's appeal against an evaluated order, and the staff decision on it. */
public record Appeal(Status status, String reason, UUID appealedBy, Instant appealedAt, String decisionNote,
		UUID decidedBy, Instant decidedAt) {

	public enum Status {

		OPEN, UPHELD, DISMISSED

	}

	Appeal decided(boolean upheld, String note, UUID staffId, Instant at) {
		return new Appeal(upheld ? Status.UPHELD : Status.DISMISSED, reason, appealedBy, appealedAt, note, staffId, at);
	}

}
