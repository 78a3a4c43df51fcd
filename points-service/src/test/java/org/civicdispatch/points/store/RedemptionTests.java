package org.civicdispatch.points.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedemptionTests {

	private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

	private static final int MAX_ATTEMPTS = 5;

	private static final UUID STAFF = UUID.randomUUID();

	@Test
	void aReservationDebitsTheItemsPointsAndWaitsForPickupUntilTheDeadline() {
		StoreItem item = new StoreItem(UUID.randomUUID(), "环保袋", "", 50, 10, UUID.randomUUID(), true);

		Redemption.Reservation reservation = Redemption.reserve(UUID.randomUUID(), UUID.randomUUID(), item, 3,
				"K7M2P9XQ", NOW, Duration.ofDays(7));

		assertThat(reservation.redemption().status()).isEqualTo(RedemptionStatus.RESERVED);
		assertThat(reservation.redemption().pointsSpent()).isEqualTo(150);
		assertThat(reservation.redemption().expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
		assertThat(reservation.changes()).containsExactly(new RedemptionChange.Reserved());
		StoreItem inactive = new StoreItem(item.id(), item.name(), "", 50, 10, item.stationId(), false);
		assertThatThrownBy(() -> Redemption.reserve(UUID.randomUUID(), UUID.randomUUID(), inactive, 1, "K7M2P9XQ", NOW,
				Duration.ofDays(7)))
			.isInstanceOf(RedemptionStateException.class)
			.hasMessage("该商品已下架");
	}

	@Test
	void rightCodeBeforeExpiryIsAccepted() {
		Redemption redemption = reserved();

		assertThat(redemption.fulfil("k7m2p9xq", STAFF, NOW, MAX_ATTEMPTS))
			.containsExactly(new RedemptionChange.Fulfilled(STAFF));
		assertThat(redemption.status()).isEqualTo(RedemptionStatus.FULFILLED);
		assertThat(redemption.fulfilledBy()).isEqualTo(STAFF);
		assertThat(redemption.fulfilledAt()).isEqualTo(NOW);
	}

	@Test
	void wrongCodeIsCountedDownToTheLimit() {
		Redemption redemption = reserved();

		assertThat(redemption.fulfil("AAAAAAAA", STAFF, NOW, MAX_ATTEMPTS))
			.containsExactly(new RedemptionChange.PickupRefused(4));
		assertThat(redemption.status()).isEqualTo(RedemptionStatus.RESERVED);
		assertThat(redemption.failedAttempts()).isEqualTo(1);
		assertThat(withAttempts(MAX_ATTEMPTS - 1).fulfil("AAAAAAAA", STAFF, NOW, MAX_ATTEMPTS))
			.containsExactly(new RedemptionChange.PickupRefused(0));
		assertThatThrownBy(() -> withAttempts(MAX_ATTEMPTS).fulfil("K7M2P9XQ", STAFF, NOW, MAX_ATTEMPTS))
			.isInstanceOf(RedemptionStateException.class)
			.hasMessageContaining("错误次数过多");
	}

	@Test
	void expiredReservationCannotBeFulfilled() {
		assertThatThrownBy(() -> reserved().fulfil("K7M2P9XQ", STAFF, NOW.plus(Duration.ofDays(8)), MAX_ATTEMPTS))
			.isInstanceOf(RedemptionStateException.class)
			.hasMessageContaining("过期");
	}

	@Test
	void onlyAReservedRedemptionCanBeFulfilledOrCancelled() {
		Redemption fulfilled = with(RedemptionStatus.FULFILLED, 0, false);
		Redemption cancelled = with(RedemptionStatus.CANCELLED, 0, false);
		Redemption expired = with(RedemptionStatus.CANCELLED, 0, true);

		assertThatThrownBy(() -> fulfilled.fulfil("K7M2P9XQ", STAFF, NOW, MAX_ATTEMPTS)).hasMessage("该兑换已核销");
		assertThatThrownBy(() -> fulfilled.cancel(STAFF, NOW)).isInstanceOf(RedemptionStateException.class);
		assertThatThrownBy(() -> cancelled.cancel(STAFF, NOW)).hasMessage("该兑换已取消");
		assertThatThrownBy(() -> expired.cancel(STAFF, NOW)).hasMessage("该兑换已过期取消");
	}

	@Test
	void aCancelledReservationIsRefundedByWhoCancelledIt() {
		Redemption redemption = reserved();

		assertThat(redemption.cancel(STAFF, NOW)).containsExactly(new RedemptionChange.Cancelled(STAFF, false));
		assertThat(redemption.status()).isEqualTo(RedemptionStatus.CANCELLED);
		assertThat(redemption.cancelledBy()).isEqualTo(STAFF);
		assertThat(redemption.expired()).isFalse();
	}

	@Test
	void aReservationExpiresOnlyOnceItsDeadlineHasPassed() {
		Instant deadline = NOW.plus(Duration.ofDays(7));
		Redemption redemption = reserved();

		assertThatThrownBy(() -> redemption.expire(deadline.minusSeconds(1)))
			.isInstanceOf(RedemptionStateException.class);
		assertThat(redemption.expire(deadline)).containsExactly(new RedemptionChange.Cancelled(null, true));
		assertThat(redemption.status()).isEqualTo(RedemptionStatus.CANCELLED);
		assertThat(redemption.expired()).isTrue();
		assertThat(redemption.cancelledBy()).isNull();
		assertThatThrownBy(() -> redemption.expire(deadline)).hasMessage("该兑换已过期取消");
	}

	private static Redemption reserved() {
		return with(RedemptionStatus.RESERVED, 0, false);
	}

	private static Redemption withAttempts(int attempts) {
		return with(RedemptionStatus.RESERVED, attempts, false);
	}

	private static Redemption with(RedemptionStatus status, int failedAttempts, boolean expired) {
		return new Redemption(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "环保袋", UUID.randomUUID(), 1, 50,
				status, "K7M2P9XQ", failedAttempts, NOW.plus(Duration.ofDays(7)), NOW, null, null, null, null, expired);
	}

}
