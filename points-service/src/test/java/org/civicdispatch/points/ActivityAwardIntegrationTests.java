package org.civicdispatch.points;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.ActivityCompleted;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.PointsAwarded;
import org.civicdispatch.events.Topics;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 活动报名's points: {@code ActivityCompleted} on volunteer.events.v1 awards each attendee by
 * the rule in force with a rating factor of 1.0, once, naming the activity in the
 * statement; over real HTTP, PostgreSQL and Kafka, with the ledger check after the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfra
class ActivityAwardIntegrationTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	PointsApi api;

	final Person admin = Person.admin();

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.POINTS_EVENTS, Topics.VOLUNTEER_EVENTS);
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
		assertThat(check).containsEntry("balanced", true)
			.containsEntry("mismatchedAccounts", List.of())
			.containsEntry("unbalancedTransactions", List.of());
	}

	@Test
	void attendeesOfACompletedActivityAreAwardedOnceEvenWhenTheEventComesTwice() {
		api.as(admin)
			.put("/api/points/rules", Map.of("baseRate", 10, "multipliers", Map.of("CULTURE", 1.2)))
			.expectStatus()
			.isOk();
		try {
			Person li = Person.volunteer("李志愿");
			Person wang = Person.volunteer("王志愿");
			UUID activity = UUID.randomUUID();
			EventEnvelope<ActivityCompleted> event = EventEnvelope.of("/volunteer-service",
					new ActivityCompleted(activity, UUID.randomUUID(), "CULTURE", "敬老院文艺汇演",
							List.of(new ActivityCompleted.Attendee(li.id(), new BigDecimal("2.5")),
									new ActivityCompleted.Attendee(wang.id(), new BigDecimal("1.50")))));
			probe.publish(event);
			probe.publish(event);
			// the same completion announced again under a new event id: the idempotency
			// key holds
			EventEnvelope<ActivityCompleted> again = EventEnvelope.of("/volunteer-service", event.data());
			probe.publish(again);

			await().atMost(EVENTUALLY).until(() -> applied(again.id()) && applied(event.id()));
			// 2.5 h × 10 × 1.2 × 1 = 30; 1.5 h × 10 × 1.2 × 1 = 18 (no rating bonus for
			// activities)
			assertThat(
					probe.awaitEvents(PointsAwarded.class, (e) -> activity.equals(e.data().activityId()), EVENTUALLY))
				.extracting((e) -> e.data().userId() + "=" + e.data().points())
				.containsExactlyInAnyOrder(li.id() + "=30", wang.id() + "=18");
			assertThat(api.as(li).getJson("/api/points/accounts/me")).containsEntry("balance", 30)
				.containsEntry("earned", 30);
			assertThat(api.as(wang).getJson("/api/points/accounts/me")).containsEntry("balance", 18);

			Map<String, Object> statement = api.as(li).getJson("/api/points/accounts/me/entries");
			assertThat(statement).containsEntry("totalItems", 1);
			@SuppressWarnings("unchecked")
			Map<String, Object> entry = ((List<Map<String, Object>>) statement.get("items")).get(0);
			assertThat(entry).containsEntry("type", "AWARD")
				.containsEntry("amount", 30)
				.containsEntry("activityId", activity.toString())
				.doesNotContainKey("orderId")
				.containsEntry("memo", "活动《敬老院文艺汇演》 服务积分：2.5 小时 × 10 × 1.2 × 1 = 30");
		}
		finally {
			api.as(admin).put("/api/points/rules", Map.of("baseRate", 10)).expectStatus().isOk();
		}
	}

	private boolean applied(String eventId) {
		return db.sql("SELECT count(*) AS n FROM inbox WHERE event_id = :id")
			.bind("id", eventId)
			.map(row -> row.get("n", Long.class))
			.one()
			.block() > 0;
	}

}
