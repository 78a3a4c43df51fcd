package org.civicdispatch.points.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A redemption (以分换物): points debited and stock reserved until staff fulfil it with the
 * pickup code (核销), or it is cancelled or expires. Every change checks the state it
 * starts from, changes the redemption and returns what it caused
 * ({@link RedemptionChange}); a change the state does not allow is a
 * {@link RedemptionStateException} (409). Who may ask for a change is decided by the
 * caller, which knows the org tree.
 */
final class Redemption {

	private final UUID id;

	private final UUID userId;

	private final UUID itemId;

	private final String itemName;

	private final UUID stationId;

	private final int quantity;

	private final long pointsSpent;

	private final String pickupCode;

	private final Instant expiresAt;

	private final Instant createdAt;

	private RedemptionStatus status;

	private int failedAttempts;

	private Instant fulfilledAt;

	private UUID fulfilledBy;

	private Instant cancelledAt;

	private UUID cancelledBy;

	private boolean expired;

	/** A redemption as stored; new ones come from {@link #reserve}. */
	Redemption(UUID id, UUID userId, UUID itemId, String itemName, UUID stationId, int quantity, long pointsSpent,
			RedemptionStatus status, String pickupCode, int failedAttempts, Instant expiresAt, Instant createdAt,
			Instant fulfilledAt, UUID fulfilledBy, Instant cancelledAt, UUID cancelledBy, boolean expired) {
		this.id = id;
		this.userId = userId;
		this.itemId = itemId;
		this.itemName = itemName;
		this.stationId = stationId;
		this.quantity = quantity;
		this.pointsSpent = pointsSpent;
		this.status = status;
		this.pickupCode = pickupCode;
		this.failedAttempts = failedAttempts;
		this.expiresAt = expiresAt;
		this.createdAt = createdAt;
		this.fulfilledAt = fulfilledAt;
		this.fulfilledBy = fulfilledBy;
		this.cancelledAt = cancelledAt;
		this.cancelledBy = cancelledBy;
		this.expired = expired;
	}

	/**
	 * A new redemption and what it causes: the points debited, the stock taken, the
	 * event.
	 */
	record Reservation(Redemption redemption, List<RedemptionChange> changes) {
	}

	/**
	 * Reserves {@code quantity} pieces of an item for the volunteer, for the item's
	 * points, until {@code now + ttl}. An item taken off the shelves cannot be redeemed.
	 */
	static Reservation reserve(UUID id, UUID userId, StoreItem item, int quantity, String pickupCode, Instant now,
			Duration ttl) {
		if (!item.active()) {
			throw new RedemptionStateException("该商品已下架");
		}
		long points = Math.multiplyExact(item.pointsCost(), (long) quantity);
		Redemption redemption = new Redemption(id, userId, item.id(), item.name(), item.stationId(), quantity, points,
				RedemptionStatus.RESERVED, pickupCode, 0, now.plus(ttl), now, null, null, null, null, false);
		return new Reservation(redemption, List.of(new RedemptionChange.Reserved()));
	}

	/**
	 * 核销: the right code hands the goods over; a wrong one is counted
	 * ({@link RedemptionChange.PickupRefused}). Only a reserved, unexpired redemption
	 * with attempts left can be fulfilled.
	 */
	List<RedemptionChange> fulfil(String code, UUID by, Instant now, int maxAttempts) {
		requireReserved();
		if (!now.isBefore(expiresAt)) {
			throw new RedemptionStateException("该兑换已过期，积分将自动退回");
		}
		if (failedAttempts >= maxAttempts) {
			throw new RedemptionStateException("核销码错误次数过多，该兑换已锁定，请取消后重新兑换");
		}
		if (!PickupCode.matches(pickupCode, code)) {
			failedAttempts++;
			return List.of(new RedemptionChange.PickupRefused(Math.max(maxAttempts - failedAttempts, 0)));
		}
		status = RedemptionStatus.FULFILLED;
		fulfilledAt = now;
		fulfilledBy = by;
		return List.of(new RedemptionChange.Fulfilled(by));
	}

	/** Cancelled by a person: the points go back and the stock is restored. */
	List<RedemptionChange> cancel(UUID by, Instant now) {
		requireReserved();
		return cancelled(by, now, false);
	}

	/** Past its pickup deadline: cancelled by no one, refunded like a cancellation. */
	List<RedemptionChange> expire(Instant now) {
		requireReserved();
		if (now.isBefore(expiresAt)) {
			throw new RedemptionStateException("该兑换尚未过期");
		}
		return cancelled(null, now, true);
	}

	private List<RedemptionChange> cancelled(UUID by, Instant now, boolean expiredNow) {
		status = RedemptionStatus.CANCELLED;
		cancelledAt = now;
		cancelledBy = by;
		expired = expiredNow;
		return List.of(new RedemptionChange.Cancelled(by, expiredNow));
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

	UUID id() {
		return id;
	}

	UUID userId() {
		return userId;
	}

	UUID itemId() {
		return itemId;
	}

	String itemName() {
		return itemName;
	}

	UUID stationId() {
		return stationId;
	}

	int quantity() {
		return quantity;
	}

	long pointsSpent() {
		return pointsSpent;
	}

	RedemptionStatus status() {
		return status;
	}

	String pickupCode() {
		return pickupCode;
	}

	int failedAttempts() {
		return failedAttempts;
	}

	Instant expiresAt() {
		return expiresAt;
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant fulfilledAt() {
		return fulfilledAt;
	}

	UUID fulfilledBy() {
		return fulfilledBy;
	}

	Instant cancelledAt() {
		return cancelledAt;
	}

	UUID cancelledBy() {
		return cancelledBy;
	}

	boolean expired() {
		return expired;
	}

}
