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

	@Test
	void rightCodeBeforeExpiryIsAccepted() {
		assertThat(reserved().checkPickup("k7m2p9xq", NOW, MAX_ATTEMPTS)).isEqualTo(Redemption.PickupCheck.ACCEPTED);
	}

	@Test
	void wrongCodeIsCountedDownToTheLimit() {
		Redemption redemption = reserved();

		assertThat(redemption.checkPickup("AAAAAAAA", NOW, MAX_ATTEMPTS)).isEqualTo(Redemption.PickupCheck.WRONG_CODE);
		assertThat(redemption.attemptsLeftAfterWrongCode(MAX_ATTEMPTS)).isEqualTo(4);
		assertThatThrownBy(() -> withAttempts(MAX_ATTEMPTS).checkPickup("K7M2P9XQ", NOW, MAX_ATTEMPTS))
			.isInstanceOf(RedemptionStateException.class)
			.hasMessageContaining("错误次数过多");
	}

	@Test
	void expiredReservationCannotBeFulfilled() {
		assertThatThrownBy(() -> reserved().checkPickup("K7M2P9XQ", NOW.plus(Duration.ofDays(8)), MAX_ATTEMPTS))
			.isInstanceOf(RedemptionStateException.class)
			.hasMessageContaining("过期");
	}

	@Test
	void onlyAReservedRedemptionCanBeFulfilledOrCancelled() {
		Redemption fulfilled = with(RedemptionStatus.FULFILLED, 0, false);
		Redemption cancelled = with(RedemptionStatus.CANCELLED, 0, false);
		Redemption expired = with(RedemptionStatus.CANCELLED, 0, true);

		assertThatThrownBy(() -> fulfilled.checkPickup("K7M2P9XQ", NOW, MAX_ATTEMPTS)).hasMessage("该兑换已核销");
		assertThatThrownBy(fulfilled::requireCancellable).isInstanceOf(RedemptionStateException.class);
		assertThatThrownBy(cancelled::requireCancellable).hasMessage("该兑换已取消");
		assertThatThrownBy(expired::requireCancellable).hasMessage("该兑换已过期取消");
	}

	private static Redemption reserved() {
		return with(RedemptionStatus.RESERVED, 0, false);
	}

	private static Redemption withAttempts(int attempts) {
		return with(RedemptionStatus.RESERVED, attempts, false);
	}

	private static Redemption with(RedemptionStatus status, int failedAttempts, boolean expired) {
		return new Redemption(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "环保袋", UUID.randomUUID(), 1, 50,
				status, "K7M2P9XQ", failedAttempts, NOW.plus(Duration.ofDays(7)), NOW, null, null, null, null, expired,
				"hash");
	}

}
