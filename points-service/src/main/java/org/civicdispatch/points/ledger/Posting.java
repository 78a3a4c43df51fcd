package org.civicdispatch.points.ledger;

import java.util.Objects;
import java.util.UUID;

/**
 * One leg of a ledger transaction: a signed amount on one account (+ credit, − debit).
 */
public record Posting(UUID accountId, long amount) {

	public Posting {
		Objects.requireNonNull(accountId, "accountId");
		if (amount == 0) {
			throw new IllegalArgumentException("a posting moves a non-zero amount");
		}
	}

	public Posting negated() {
		return new Posting(accountId, Math.negateExact(amount));
	}

}
