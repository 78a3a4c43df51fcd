package org.civicdispatch.points.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A redemption: points already debited and stock reserved until staff fulfil it with the
 * pickup code, or it is cancelled or expires. It decides which changes its state allows.
 */
record Redemption(UUID id, UUID userId, UUID itemId, String itemName, UUID stationId, int quantity,
		long pointsSpent, RedemptionStatus status, String pickupCode, int failedAttempts, Instant expiresAt,
		Instant createdAt, Instant fulfilledAt, UUID fulfilledBy, Instant cancelledAt, UUID cancelledBy,
		boolean expired, String requestHash) {

	/** The outcome of staff presenting a pickup code. */
	enum PickupCheck {

		ACCEPTED, WRONG_CODE

	}

	/**
	 * Checks a pickup code. Only a reserved, unexpired redemption with attempts left can be
	 * fulfilled; anything else is a {@link RedemptionStateException}.
	 */
	PickupCheck checkPickup(String code, Instant now, int maxAttempts) {
		requireReserved();
		if (!now.isBefore(expiresAt)) {
			throw new RedemptionStateException("该兑换已过期，积分将自动退回");
		}
		if (failedAttempts >= maxAttempts) {
			throw new RedemptionStateException("核销码错误次数过多，该兑换已锁定，请取消后重新兑换");
		}
		return PickupCode.matches(pickupCode, code) ? PickupCheck.ACCEPTED : PickupCheck.WRONG_CODE;
	}

	/** Attempts left after one more wrong code. */
	int attemptsLeftAfterWrongCode(int maxAttempts) {
		return Math.max(maxAttempts - failedAttempts - 1, 0);
	}

	void requireCancellable() {
		requireReserved();
	}

	boolean isOwnedBy(UUID user) {
		return userId.equals(user);
	}

	private void requireReserved() {
		switch (status) {
			case RESERVED -> {
			}
			case FULFILLED -> throw new RedemptionStateException("该兑换已核销");
			case CANCELLED -> throw new RedemptionStateException(expired ? "该兑换已过期取消" : "该兑换已取消");
		}
	}

}
