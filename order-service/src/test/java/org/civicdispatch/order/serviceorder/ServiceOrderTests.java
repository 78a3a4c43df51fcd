package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.OrderEvent;
import org.civicdispatch.events.OrderRejected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.civicdispatch.order.serviceorder.Orders.SLA;
import static org.civicdispatch.order.serviceorder.Orders.T0;
import static org.civicdispatch.order.serviceorder.Orders.WINDOW;

class ServiceOrderTests {

	final Orders orders = new Orders();

	@Test
	void placingStartsTheHistory() {
		ServiceOrder.Placement placement = ServiceOrder.place(UUID.randomUUID(), new ServiceOrder.Request(
				orders.resident, "LAW", "咨询租房合同", null, orders.station, null, "13900000000", null), T0);
		assertThat(placement.order().status()).isEqualTo(OrderStatus.PLACED);
		assertThat(placement.changes()).containsExactly(new OrderChange.Placed());
		assertThat(placement.order().history()).extracting(HistoryEntry::action, HistoryEntry::actorId)
			.containsExactly(tuple(OrderAction.PLACED, orders.resident));
	}

	@Test
	void preferredTimeInThePastIsInvalid() {
		assertThatThrownBy(() -> ServiceOrder.place(UUID.randomUUID(),
				new ServiceOrder.Request(orders.resident, "LAW", "t", null, orders.station, null, "13900000000",
						T0.minusSeconds(1)),
				T0))
			.isInstanceOfSatisfying(InvalidOrderInputException.class,
					e -> assertThat(e.field()).isEqualTo("preferredTime"));
	}

	@Test
	void wholeFlowEndsWithWeightedRatingAndCorrectedHours() {
		ServiceOrder order = orders.completed();
		assertThat(order.occupiedTeam()).isNull();

		List<OrderChange> resident = order.rateAsResident(orders.resident, 5, "很满意", T0.plusSeconds(4000));
		assertThat(resident).hasSize(1);
		assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);

		List<OrderChange> staff = order.rateAsStaff(orders.staff, 4, null,
				Map.of(orders.volunteer, new BigDecimal("3")), WINDOW, T0.plusSeconds(5000));
		assertThat(order.status()).isEqualTo(OrderStatus.EVALUATED);
		assertThat(order.finalRating()).isEqualByComparingTo("4.60");
		OrderChange.Evaluated evaluated = (OrderChange.Evaluated) staff.get(1);
		assertThat(evaluated.approvedHours()).containsExactlyEntriesOf(Map.of(orders.volunteer, new BigDecimal("3")));
		assertThat(order.history()).extracting(HistoryEntry::action)
			.containsExactly(OrderAction.PLACED, OrderAction.DISPATCHED, OrderAction.ACCEPTED, OrderAction.STARTED,
					OrderAction.COMPLETED, OrderAction.RESIDENT_EVALUATED, OrderAction.STAFF_EVALUATED,
					OrderAction.EVALUATED);
	}

	@Test
	void finalRatingIsStaffAloneWithoutResident() {
		Evaluation staff = new Evaluation(Evaluation.Evaluator.STAFF, orders.staff, 3, null, T0);
		Evaluation resident = new Evaluation(Evaluation.Evaluator.RESIDENT, orders.resident, 4, null, T0);
		assertThat(ServiceOrder.finalRating(null, staff)).isEqualByComparingTo("3.00");
		assertThat(ServiceOrder.finalRating(resident, staff)).isEqualByComparingTo("3.60");
	}

	@Test
	void staffReviewAloneWaitsForTheResidentWindow() {
		ServiceOrder order = orders.completed();
		order.rateAsStaff(orders.staff, 4, null, null, WINDOW, Orders.completedAt().plusSeconds(10));
		assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
		Instant early = Orders.completedAt().plus(WINDOW).minusSeconds(1);
		assertThatThrownBy(() -> order.finaliseWithoutResident(WINDOW, early))
			.isInstanceOf(IllegalTransitionException.class);

		List<OrderChange> changes = order.finaliseWithoutResident(WINDOW, Orders.completedAt().plus(WINDOW));
		assertThat(order.status()).isEqualTo(OrderStatus.EVALUATED);
		assertThat(order.finalRating()).isEqualByComparingTo("4.00");
		assertThat(((OrderChange.Evaluated) changes.get(0)).approvedHours())
			.containsExactlyEntriesOf(Map.of(orders.volunteer, new BigDecimal("3.5")));
	}

	@Test
	void staffReviewAfterTheWindowClosesAtOnce() {
		ServiceOrder order = orders.completed();
		order.rateAsStaff(orders.staff, 2, null, null, WINDOW, Orders.completedAt().plus(WINDOW).plusSeconds(1));
		assertThat(order.status()).isEqualTo(OrderStatus.EVALUATED);
	}

	@Test
	void eachSideRatesOnceWithinRange() {
		ServiceOrder order = orders.completed();
		assertThatThrownBy(() -> order.rateAsResident(orders.resident, 0, null, T0))
			.isInstanceOf(InvalidOrderInputException.class);
		assertThatThrownBy(() -> order.rateAsStaff(orders.staff, 6, null, null, WINDOW, T0))
			.isInstanceOf(InvalidOrderInputException.class);
		order.rateAsResident(orders.resident, 4, null, T0.plusSeconds(4000));
		assertThatThrownBy(() -> order.rateAsResident(orders.resident, 5, null, T0.plusSeconds(4001)))
			.isInstanceOf(IllegalTransitionException.class);
	}

	@Test
	void staffMayOnlyCorrectHoursOfAssignedVolunteers() {
		ServiceOrder order = orders.completed();
		assertThatThrownBy(() -> order.rateAsStaff(orders.staff, 4, null, Map.of(UUID.randomUUID(), BigDecimal.ONE),
				WINDOW, T0.plusSeconds(4000)))
			.isInstanceOfSatisfying(InvalidOrderInputException.class,
					e -> assertThat(e.field()).isEqualTo("approvedHours[0].volunteerId"));
	}

	@Test
	void hoursHaveAtMostTwoDecimalsAndAreStoredInTheirShortestForm() {
		for (String bad : List.of("1E-2000", "0.001", "2.345", "1E-1500")) {
			assertThatThrownBy(() -> orders.inService()
				.complete(orders.leader, "完成", Map.of(orders.volunteer, new BigDecimal(bad)), T0))
				.isInstanceOfSatisfying(InvalidOrderInputException.class,
						e -> assertThat(e.field()).isEqualTo("hours[0].hours"));
			assertThatThrownBy(() -> orders.completed()
				.rateAsStaff(orders.staff, 4, null, Map.of(orders.volunteer, new BigDecimal(bad)), WINDOW,
						T0.plusSeconds(4000)))
				.isInstanceOfSatisfying(InvalidOrderInputException.class,
						e -> assertThat(e.field()).isEqualTo("approvedHours[0].hours"));
		}
		ServiceOrder order = orders.inService();
		order.complete(orders.leader, "完成", Map.of(orders.volunteer, new BigDecimal("2.500000")), T0.plusSeconds(500));
		assertThat(order.snapshot().reportedHours().get(orders.volunteer)).hasToString("2.5");
		ServiceOrder twenty = orders.completed();
		twenty.rateAsStaff(orders.staff, 4, null, Map.of(orders.volunteer, new BigDecimal("2E+1")), WINDOW,
				T0.plusSeconds(4000));
		assertThat(twenty.snapshot().approvedHours().get(orders.volunteer)).hasToString("20");
	}

	@Test
	void preferredTimeIsWithinAYear() {
		assertThatThrownBy(() -> ServiceOrder.place(UUID.randomUUID(),
				new ServiceOrder.Request(orders.resident, "LAW", "t", null, orders.station, null, "13900000000",
						T0.plus(Duration.ofDays(367))),
				T0))
			.isInstanceOfSatisfying(InvalidOrderInputException.class,
					e -> assertThat(e.field()).isEqualTo("preferredTime"));
		assertThat(ServiceOrder
			.place(UUID.randomUUID(),
					new ServiceOrder.Request(orders.resident, "LAW", "t", null, orders.station, null, "13900000000",
							T0.plus(Duration.ofDays(300))),
					T0)
			.order()
			.status()).isEqualTo(OrderStatus.PLACED);
	}

	@Test
	void rateBeforeCompletionIsIllegal() {
		assertThatThrownBy(() -> orders.inService().rateAsResident(orders.resident, 5, null, T0))
			.isInstanceOf(IllegalTransitionException.class);
	}

	@Test
	void rejectionExcludesTheTeamAndReturnsTheOrder() {
		ServiceOrder order = orders.dispatched();
		List<OrderChange> changes = order.reject(orders.leader, " 人手不足 ", T0.plusSeconds(30));
		assertThat(changes).containsExactly(new OrderChange.Rejected(orders.team, "人手不足", false));
		assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
		assertThat(order.teamId()).isNull();
		assertThat(order.excludedTeamIds()).containsExactly(orders.team);
		assertThat(order.history().getLast()).satisfies(h -> {
			assertThat(h.action()).isEqualTo(OrderAction.REJECTED);
			assertThat(h.teamId()).isEqualTo(orders.team);
			assertThat(h.actorId()).isEqualTo(orders.leader);
			assertThat(h.note()).isEqualTo("人手不足");
		});
		assertThatThrownBy(() -> order.dispatch(orders.team, T0, null, T0))
			.isInstanceOf(IllegalTransitionException.class);
		// staff may still choose that team by hand
		order.dispatch(orders.team, T0.plusSeconds(3600), orders.staff, T0.plusSeconds(60));
		assertThat(order.status()).isEqualTo(OrderStatus.DISPATCHED);
	}

	@Test
	void rejectionNeedsAReason() {
		assertThatThrownBy(() -> orders.dispatched().reject(orders.leader, "  ", T0))
			.isInstanceOfSatisfying(InvalidOrderInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
	}

	@Test
	void timeOutOnlyAfterTheDeadline() {
		ServiceOrder order = orders.dispatched();
		assertThatThrownBy(() -> order.timeOut(T0.plusSeconds(60))).isInstanceOf(IllegalTransitionException.class);
		List<OrderChange> changes = order.timeOut(T0.plus(Duration.ofMinutes(30)));
		assertThat(changes).containsExactly(new OrderChange.Rejected(orders.team, "超过接单时限未接单", true));
		assertThat(order.history().getLast().action()).isEqualTo(OrderAction.TIMED_OUT);
	}

	@Test
	void acceptNeedsTeamMembersAndTheDeadline() {
		assertThatThrownBy(() -> orders.dispatched().accept(orders.leader, List.of(), List.of(orders.leader), SLA, T0))
			.isInstanceOf(InvalidOrderInputException.class);
		assertThatThrownBy(() -> orders.dispatched()
			.accept(orders.leader, List.of(UUID.randomUUID()), List.of(orders.leader, orders.volunteer), SLA, T0))
			.isInstanceOf(InvalidOrderInputException.class);
		assertThatThrownBy(() -> orders.dispatched()
			.accept(orders.leader, List.of(orders.volunteer), List.of(orders.volunteer), SLA,
					T0.plus(Duration.ofHours(1))))
			.isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.dispatched()
			.accept(orders.leader, Arrays.asList(orders.volunteer, null), List.of(orders.volunteer), SLA, T0))
			.isInstanceOf(InvalidOrderInputException.class);
		ServiceOrder order = orders.dispatched();
		order.accept(orders.leader, List.of(orders.volunteer), List.of(orders.volunteer), SLA, T0.plusSeconds(10));
		assertThat(order.dueAt()).isEqualTo(T0.plusSeconds(10).plus(SLA));
	}

	@Test
	void completionHoursAreForAssignedVolunteersBetweenZeroAndTwentyFour() {
		for (Map<UUID, BigDecimal> bad : List.of(Map.of(UUID.randomUUID(), BigDecimal.ONE),
				Map.of(orders.volunteer, BigDecimal.ZERO), Map.of(orders.volunteer, new BigDecimal("24.5")),
				Map.<UUID, BigDecimal>of())) {
			assertThatThrownBy(() -> orders.inService().complete(orders.leader, "完成", bad, T0)).isInstanceOfSatisfying(
					InvalidOrderInputException.class, e -> assertThat(e.field()).startsWith("hours"));
		}
		ServiceOrder order = orders.inService();
		order.complete(orders.leader, "完成", Map.of(orders.volunteer, new BigDecimal("24")), T0.plusSeconds(500));
		assertThat(order.status()).isEqualTo(OrderStatus.COMPLETED);
	}

	@Test
	void transitionsFromTheWrongStatusAreIllegal() {
		assertThatThrownBy(() -> orders.placed().start(orders.leader, T0))
			.isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.accepted()
			.accept(orders.leader, List.of(orders.volunteer), List.of(orders.volunteer), SLA, T0))
			.isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.accepted().dispatch(UUID.randomUUID(), T0, orders.staff, T0))
			.isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.accepted().cancel(orders.resident, null, T0))
			.isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.dispatched().complete(orders.leader, "x", Map.of(), T0))
			.isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.dispatched().unassign(T0)).isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> orders.dispatched().dispatch(orders.team, T0, orders.staff, T0))
			.isInstanceOf(IllegalTransitionException.class);
	}

	@Test
	void cancellingADispatchedOrderFreesTheTeam() {
		ServiceOrder order = orders.dispatched();
		assertThat(order.occupiedTeam()).isEqualTo(orders.team);
		List<OrderChange> changes = order.cancel(orders.resident, "不需要了", T0.plusSeconds(5));
		assertThat(changes).containsExactly(new OrderChange.Cancelled(orders.team, orders.resident, "不需要了"));
		assertThat(order.occupiedTeam()).isNull();
		assertThat(orders.placed().cancel(orders.resident, null, T0))
			.containsExactly(new OrderChange.Cancelled(null, orders.resident, null));
	}

	@Test
	void overdueIsRaisedOnce() {
		ServiceOrder order = orders.inService();
		Instant late = order.dueAt().plusSeconds(1);
		assertThat(order.isPastDue(order.dueAt().minusSeconds(1))).isFalse();
		assertThat(order.markOverdue(late)).containsExactly(new OrderChange.Overdue(orders.team, order.dueAt()));
		assertThat(order.isPastDue(late)).isFalse();
		assertThatThrownBy(() -> order.markOverdue(late)).isInstanceOf(IllegalTransitionException.class);
	}

	@Test
	void everyTransitionMapsToItsIntegrationEventExceptSingleRatings() {
		ServiceOrder order = orders.dispatched();
		List<OrderEvent> rejected = OrderEventMapper.toIntegrationEvents(order,
				order.reject(orders.leader, "忙", T0.plusSeconds(1)));
		assertThat(rejected).containsExactly(new OrderRejected(order.id(), orders.team, "忙", false));

		ServiceOrder completed = orders.completed();
		assertThat(OrderEventMapper.toIntegrationEvents(completed,
				completed.rateAsResident(orders.resident, 5, null, T0.plusSeconds(4000))))
			.isEmpty();
		List<OrderEvent> evaluated = OrderEventMapper.toIntegrationEvents(completed,
				completed.rateAsStaff(orders.staff, 5, null, null, WINDOW, T0.plusSeconds(4001)));
		assertThat(evaluated).singleElement().isInstanceOfSatisfying(OrderEvaluated.class, e -> {
			assertThat(e.teamId()).isEqualTo(orders.team);
			assertThat(e.category()).isEqualTo("ELDERLY");
			assertThat(e.stationId()).isEqualTo(orders.station);
			assertThat(e.finalRating()).isEqualByComparingTo("5.00");
			assertThat(e.volunteers()).singleElement().satisfies(h -> {
				assertThat(h.volunteerId()).isEqualTo(orders.volunteer);
				assertThat(h.approvedHours()).isEqualByComparingTo("3.5");
			});
		});
	}

	@Test
	void contactPhoneIsMaskedInTheMiddle() {
		assertThat(OrderView.mask("13812340000")).isEqualTo("138****0000");
		ServiceOrder order = orders.placed();
		assertThat(OrderView.of(order, false, null).contactPhone()).isEqualTo("138****0000");
		assertThat(OrderView.of(order, true, null).contactPhone()).isEqualTo("13812340000");
	}

}
