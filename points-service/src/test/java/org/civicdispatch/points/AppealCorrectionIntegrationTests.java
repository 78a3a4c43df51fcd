package org.civicdispatch.points;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.PointsAdjusted;
import org.civicdispatch.events.PointsAwarded;
import org.civicdispatch.events.Topics;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 申诉 upheld: the order's award is reversed and the volunteer awarded again from the
 * revised rating and hours, both naming the order in the statement, exactly once however
 * often the decision is delivered; the ledger check stays balanced. A dismissed appeal
 * moves no points.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "civic.store.expiry-sweep-interval=300ms")
@WithRealInfra
class AppealCorrectionIntegrationTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	static final UUID STATION = UUID.randomUUID();

	static EventProbe probe;

	@LocalServerPort
	int port;

	PointsApi api;

	final Person admin = Person.admin();

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.POINTS_EVENTS, Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void api() {
		api = new PointsApi(port);
	}

	@AfterEach
	void ledgerStaysBalanced() {
		Map<String, Object> check = api.as(admin).getJson("/api/points/ledger/check");
		assertThat(check).containsEntry("balanced", true);
		assertThat(((Number) check.get("issued")).longValue())
			.isEqualTo(((Number) check.get("redeemed")).longValue() + ((Number) check.get("outstanding")).longValue());
	}

	@Test
	void anUpheldAppealReversesTheAwardAndAwardsAgainOnceNamingTheOrder() {
		Person volunteer = Person.volunteer("申诉志愿者");
		UUID order = UUID.randomUUID();
		UUID team = UUID.randomUUID();
		Instant evaluatedAt = Instant.now();
		// 2 h × 10 × 1.0 (3.0 is below the threshold) = 20
		probe.publish(EventEnvelope.of("/order-service", new OrderEvaluated(order, team, "HEALTH", STATION,
				new BigDecimal("3.00"), List.of(hours(volunteer, "2")))));
		awaitBalance(volunteer, 20);
		UUID originalAward = probe.awaitOne(PointsAwarded.class, e -> e.data().orderId().equals(order), EVENTUALLY)
			.data()
			.transactionId();

		// upheld: 3 h × 10 × 1.2 (4.4 is above it) = 36
		UUID staff = UUID.randomUUID();
		EventEnvelope<AppealDecided> decision = EventEnvelope.of("/order-service",
				new AppealDecided(order, team, "HEALTH", STATION, true, new BigDecimal("4.40"),
						List.of(hours(volunteer, "3")), staff, "经回访核实", evaluatedAt));
		probe.publish(decision);
		probe.publish(decision);
		// the same decision announced again under a new event id
		probe.publish(EventEnvelope.of("/order-service", decision.data()));
		awaitBalance(volunteer, 36);

		List<EventEnvelope<PointsAwarded>> awards = probe.awaitEvents(PointsAwarded.class,
				e -> e.data().orderId().equals(order), EVENTUALLY);
		assertThat(awards).extracting(e -> e.data().points()).containsExactly(20L, 36L);
		EventEnvelope<PointsAdjusted> reversal = probe.awaitOne(PointsAdjusted.class,
				e -> e.data().userId().equals(volunteer.id()), EVENTUALLY);
		assertThat(reversal.data().amount()).isEqualTo(-20);
		assertThat(reversal.data().adjustedBy()).isEqualTo(staff);

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> entries = (List<Map<String, Object>>) api.as(volunteer)
			.getJson("/api/points/accounts/me/entries")
			.get("items");
		assertThat(entries).hasSize(3).allSatisfy(entry -> {
			assertThat(entry).containsEntry("orderId", order.toString());
			assertThat((String) entry.get("memo")).contains(order.toString());
		});
		assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("type", "ADJUST")
			.containsEntry("amount", -20)
			.containsEntry("reversesId", originalAward.toString())
			.hasEntrySatisfying("memo", memo -> assertThat((String) memo).contains("申诉改判")));
		assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("type", "AWARD")
			.containsEntry("amount", 36)
			.hasEntrySatisfying("memo", memo -> assertThat((String) memo).contains("申诉改判，重新计算服务积分：3 小时")));
		assertThat(api.as(volunteer).getJson("/api/points/accounts/me")).containsEntry("earned", 36);
	}

	@Test
	void aDismissedAppealMovesNoPoints() {
		Person volunteer = Person.volunteer("驳回志愿者");
		UUID order = UUID.randomUUID();
		UUID team = UUID.randomUUID();
		probe.publish(EventEnvelope.of("/order-service", new OrderEvaluated(order, team, "HEALTH", STATION,
				new BigDecimal("4.00"), List.of(hours(volunteer, "1")))));
		awaitBalance(volunteer, 12);
		EventEnvelope<AppealDecided> dismissed = EventEnvelope.of("/order-service",
				new AppealDecided(order, team, "HEALTH", STATION, false, new BigDecimal("4.00"),
						List.of(hours(volunteer, "1")), UUID.randomUUID(), "评价属实", Instant.now()));
		probe.publish(dismissed);
		await().atMost(EVENTUALLY)
			.until(() -> probe.records(Topics.ORDER_EVENTS).stream().anyMatch(r -> r.value().contains(dismissed.id())));
		probe.assertNoEvents(PointsAdjusted.class, e -> e.data().userId().equals(volunteer.id()),
				Duration.ofSeconds(3));
		assertThat(api.as(volunteer).getJson("/api/points/accounts/me")).containsEntry("balance", 12);
	}

	private static ApprovedHours hours(Person volunteer, String hours) {
		return new ApprovedHours(volunteer.id(), new BigDecimal(hours));
	}

	private void awaitBalance(Person volunteer, long balance) {
		await().atMost(EVENTUALLY)
			.untilAsserted(() -> assertThat(api.as(volunteer).getJson("/api/points/accounts/me"))
				.containsEntry("balance", (int) balance));
	}

}
