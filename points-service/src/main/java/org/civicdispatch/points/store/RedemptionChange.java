package org.civicdispatch.points.store;

import java.util.UUID;

/**
 * What a change of a {@link Redemption} caused. {@code RedemptionStore} turns each into
 * its effects in the same transaction: ledger postings, stock, and the integration event
 * on {@code points.events.v1}.
 */
sealed interface RedemptionChange {

	/** Points debited, stock taken, {@code RedemptionReserved}. */
	record Reserved() implements RedemptionChange {
	}

	/** 核销: the goods were handed over; {@code RedemptionFulfilled}. */
	record Fulfilled(UUID by) implements RedemptionChange {
	}

	/**
	 * A wrong pickup code was counted; the caller hears of it (422) once that is
	 * committed.
	 */
	record PickupRefused(int attemptsLeft) implements RedemptionChange {
	}

	/**
	 * Points refunded, stock restored, {@code RedemptionCancelled}; {@code by} is
	 * {@code null} when it expired.
	 */
	record Cancelled(UUID by, boolean expired) implements RedemptionChange {
	}

}
