package org.civicdispatch.points.ledger;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A transaction as written: its postings with the balance each left behind. */
public record PostedTransaction(LedgerTransaction transaction, OffsetDateTime createdAt, List<Leg> legs) {

	public PostedTransaction {
		legs = List.copyOf(legs);
	}

	public UUID id() {
		return transaction.id();
	}

	/** The leg on the volunteer's account. */
	public Leg volunteerLeg() {
		return legs.stream()
			.filter(leg -> !Accounts.isSystem(leg.accountId()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("transaction " + id() + " has no volunteer posting"));
	}

	public record Leg(UUID accountId, long amount, long balanceAfter) {
	}

}
