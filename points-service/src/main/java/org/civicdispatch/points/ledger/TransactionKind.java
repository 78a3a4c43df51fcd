package org.civicdispatch.points.ledger;

/** What caused a ledger transaction. */
enum TransactionKind {

	/** 以行积分: points for an evaluated order. */
	AWARD,
	/** 以分换物: points spent on a redemption. */
	REDEEM,
	/** A cancelled or expired redemption gave its points back. */
	REFUND,
	/** An administrator credited or debited points, with a reason. */
	ADJUST,
	/** An administrator corrected an earlier transaction by posting its opposite. */
	REVERSAL;

	/**
	 * The entry type a statement shows: the contract knows AWARD/REDEEM/REFUND/ADJUST, a
	 * reversal is an adjustment.
	 */
	public String entryType() {
		return this == REVERSAL ? ADJUST.name() : name();
	}

}
