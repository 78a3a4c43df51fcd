package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** 签到 / 签退 on the order itself: the sequence, the history, and the hours they bound. */
class CheckInTests {

	private final Orders orders = new Orders();

	private static Instant at(int minutes) {
		return Orders.T0.plus(Duration.ofMinutes(minutes));
	}

	@Test
	void anAssignedVolunteerChecksInThenOutAndTheHistoryShowsBoth() {
		ServiceOrder order = orders.accepted();
		order.checkIn(orders.volunteer, CheckIn.Type.IN, at(10));
		order.start(orders.volunteer, at(11));
		order.checkIn(orders.volunteer, CheckIn.Type.OUT, at(80));

		assertThat(order.checkIns()).containsExactly(new CheckIn(orders.volunteer, CheckIn.Type.IN, at(10)),
				new CheckIn(orders.volunteer, CheckIn.Type.OUT, at(80)));
		assertThat(order.history()).extracting(HistoryEntry::action)
			.containsSubsequence(OrderAction.CHECKED_IN, OrderAction.STARTED, OrderAction.CHECKED_OUT);
	}

	@Test
	void outBeforeInInTwiceSomeoneNotAssignedOrAnOrderNotUnderWayAreRefused() {
		ServiceOrder order = orders.accepted();
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> order.checkIn(orders.volunteer, CheckIn.Type.OUT, at(5)));
		order.checkIn(orders.volunteer, CheckIn.Type.IN, at(5));
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> order.checkIn(orders.volunteer, CheckIn.Type.IN, at(6)));
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> order.checkIn(orders.leader, CheckIn.Type.IN, at(6)));
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> orders.dispatched().checkIn(orders.volunteer, CheckIn.Type.IN, at(6)));
	}

	@Test
	void theCheckedInTimeIsRoundedUpToTheHalfHourAndIsAtLeastHalfAnHour() {
		assertThat(CheckIn.bound(Duration.ZERO)).isEqualByComparingTo("0.5");
		assertThat(CheckIn.bound(Duration.ofMinutes(30))).isEqualByComparingTo("0.5");
		assertThat(CheckIn.bound(Duration.ofMinutes(30).plusSeconds(1))).isEqualByComparingTo("1");
		assertThat(CheckIn.bound(Duration.ofMinutes(70))).isEqualByComparingTo("1.5");
	}

	@Test
	void hoursBeyondTheCheckedInTimeAreRefusedNamingTheVolunteerAndOthersAreNotBounded() {
		ServiceOrder order = orders.accepted();
		order.checkIn(orders.volunteer, CheckIn.Type.IN, at(10));
		order.start(orders.volunteer, at(11));
		order.checkIn(orders.volunteer, CheckIn.Type.OUT, at(80));

		assertThatExceptionOfType(InvalidOrderInputException.class)
			.isThrownBy(() -> order.complete(orders.leader, "已完成", Map.of(orders.volunteer, new BigDecimal("1.75")),
					at(90)))
			.withMessageContaining(orders.volunteer.toString())
			.withMessageContaining("1.5 小时")
			.satisfies(e -> assertThat(e.field()).isEqualTo("hours[0].hours"));
		order.complete(orders.leader, "已完成", Map.of(orders.volunteer, new BigDecimal("1.5")), at(90));
		assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
	}

	@Test
	void aVolunteerStillCheckedInIsNotBounded() {
		ServiceOrder order = orders.inService();
		order.checkIn(orders.volunteer, CheckIn.Type.IN, at(10));
		order.complete(orders.leader, "已完成", Map.of(orders.volunteer, new BigDecimal("6")), at(20));
		assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
	}

	@Test
	void photosAreTakenFromTheResidentWhileOpenAndFromTheTeamWhileServingOrCompletedAtMostNine() {
		ServiceOrder placed = orders.placed();
		placed.addPhoto(java.util.UUID.randomUUID(), orders.resident, true, 0, at(1));
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> placed.addPhoto(java.util.UUID.randomUUID(), orders.volunteer, false, 1, at(2)));
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> placed.addPhoto(java.util.UUID.randomUUID(), orders.resident, true, 9, at(2)))
			.withMessageContaining("9");
		ServiceOrder completed = orders.completed();
		completed.addPhoto(java.util.UUID.randomUUID(), orders.volunteer, false, 0, at(100));
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> completed.addPhoto(java.util.UUID.randomUUID(), orders.resident, true, 1, at(101)));
		assertThat(completed.history()).extracting(HistoryEntry::action).contains(OrderAction.PHOTO_ADDED);
	}

}
