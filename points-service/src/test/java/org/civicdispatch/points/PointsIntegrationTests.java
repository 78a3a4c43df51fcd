package org.civicdispatch.points;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.PointsAdjusted;
import org.civicdispatch.events.PointsAwarded;
import org.civicdispatch.events.RedemptionCancelled;
import org.civicdispatch.events.RedemptionFulfilled;
import org.civicdispatch.events.RedemptionReserved;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.TestTokens;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The points ledger and the points store over real HTTP, PostgreSQL and Kafka: awards
 * from OrderEvaluated, concurrent redemptions, pickup codes, cancellation, idempotent
 * retries, adjustments, expiry, and the ledger check after each test; and what the
 * database itself refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "civic.store.expiry-sweep-interval=300ms")
@WithRealInfra
class PointsIntegrationTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	static final UUID CENTRE = UUID.randomUUID();

	static final UUID INSTITUTE = UUID.randomUUID();

	static final UUID STATION = UUID.randomUUID();

	static final UUID OTHER_STATION = UUID.randomUUID();

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	TransactionalOperator transactions;

	PointsApi api;

	final Person admin = Person.admin();

	/**
	 * Staff over the institute, so over the station below it (through the org tree read
	 * model).
	 */
	final Person staff = Person.staff(INSTITUTE);

	final Person otherStaff = Person.staff(OTHER_STATION);

	@BeforeAll
	static void orgTree() {
		probe = EventProbe.on(Topics.POINTS_EVENTS, Topics.ORDER_EVENTS, Topics.VOLUNTEER_EVENTS);
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(CENTRE, "平城区新时代文明实践中心", "CENTRE", null, List.of())));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(INSTITUTE, "新建南路实践所", "INSTITUTE", CENTRE, List.of(CENTRE))));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(STATION, "向阳里实践站", "STATION", INSTITUTE, List.of(CENTRE, INSTITUTE))));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(OTHER_STATION, "御河东实践站", "STATION", INSTITUTE, List.of(CENTRE, INSTITUTE))));
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void api() {
		api = new PointsApi(port);
		await().atMost(EVENTUALLY)
			.until(() -> db.sql("SELECT count(*) AS n FROM org_unit WHERE id = :id")
				.bind("id", OTHER_STATION)
				.map(row -> row.get("n", Long.class))
				.one()
				.block() == 1);
	}

	@AfterEach
	void ledgerStaysBalanced() {
		api.as(admin)
			.get("/api/points/ledger/check")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.balanced")
			.isEqualTo(true)
			.jsonPath("$.mismatchedAccounts.length()")
			.isEqualTo(0)
			.jsonPath("$.unbalancedTransactions.length()")
			.isEqualTo(0);
		Map<String, Object> check = api.as(admin).getJson("/api/points/ledger/check");
		assertThat(((Number) check.get("issued")).longValue())
			.isEqualTo(((Number) check.get("redeemed")).longValue() + ((Number) check.get("outstanding")).longValue());
	}

	@Test
	void awardsByTheRuleWithCategoryMultiplierOnBothSidesOfTheRatingThreshold() {
		api.as(admin)
			.put("/api/points/rules", Map.of("baseRate", 10, "multipliers", Map.of("ELDERLY", 1.5)))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.multipliers.ELDERLY")
			.isEqualTo(1.5);
		Person li = Person.volunteer("李志愿");
		Person wang = Person.volunteer("王志愿");
		probe.publish(EventEnvelope.of("/volunteer-service", new UserRegistered(li.id(), "李志愿")));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new VolunteerRegistered(wang.id(), "V0002", "王志愿", STATION, List.of("ELDERLY"))));

		// 2.5 h × 10 × 1.5 × 1.2 = 45; 1.3 h × 10 × 1.5 × 1.2 = 23.4 → 23
		UUID rated = evaluated("ELDERLY", "4.6", hours(li, "2.5"), hours(wang, "1.3"));
		// 2 h × 10 × 1.5 × 1.0 = 30 (3.99 is below the threshold)
		UUID below = evaluated("ELDERLY", "3.99", hours(li, "2"));
		// 1 h × 10 × 1.0 × 1.2 = 12 (exactly 4.0 earns the bonus; LAW has no multiplier)
		UUID exactly = evaluated("LAW", "4.0", hours(wang, "1"));

		awaitBalance(li, 75);
		awaitBalance(wang, 35);
		assertThat(probe.awaitEvents(PointsAwarded.class, e -> e.data().orderId().equals(rated), EVENTUALLY))
			.extracting(e -> e.data().points())
			.containsExactlyInAnyOrder(45L, 23L);
		assertThat(probe.awaitOne(PointsAwarded.class, e -> e.data().orderId().equals(below), EVENTUALLY).data())
			.satisfies(e -> assertThat(e.userId()).isEqualTo(li.id()))
			.satisfies(e -> assertThat(e.points()).isEqualTo(30));
		UUID exactlyAward = probe.awaitOne(PointsAwarded.class, e -> e.data().orderId().equals(exactly), EVENTUALLY)
			.data()
			.transactionId();

		api.as(li)
			.get("/api/points/accounts/me")
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo(li.id().toString())
			.jsonPath("$.balance")
			.isEqualTo(75)
			.jsonPath("$.earned")
			.isEqualTo(75)
			.jsonPath("$.redeemed")
			.isEqualTo(0);
		api.as(li)
			.get("/api/points/accounts/me/entries?page=0&size=1")
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(2)
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].balanceAfter")
			.isEqualTo(75);
		// the two orders may be applied in either order (each order is its own Kafka key)
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> entries = (List<Map<String, Object>>) api.as(li)
			.getJson("/api/points/accounts/me/entries")
			.get("items");
		assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("type", "AWARD")
			.containsEntry("orderId", below.toString())
			.containsEntry("amount", 30)
			.hasEntrySatisfying("memo", memo -> assertThat((String) memo).contains("2 小时 × 10 × 1.5 × 1 = 30")));
		api.as(staff).get("/api/points/accounts/" + wang.id()).expectBody().jsonPath("$.balance").isEqualTo(35);
		api.as(li).get("/api/points/accounts/" + wang.id()).expectStatus().isForbidden();

		// the leaderboard names people from volunteer-service's events and filters by org
		// unit
		await().atMost(EVENTUALLY)
			.untilAsserted(() -> api.as(li)
				.get("/api/points/leaderboard?period=month&orgUnitId=" + INSTITUTE)
				.expectBody()
				.jsonPath("$[0].userId")
				.isEqualTo(wang.id().toString())
				.jsonPath("$[0].name")
				.isEqualTo("王志愿")
				.jsonPath("$[0].points")
				.isEqualTo(35)
				.jsonPath("$.length()")
				.isEqualTo(1));
		await().atMost(EVENTUALLY)
			.untilAsserted(() -> assertThat(api.as(li).getList("/api/points/leaderboard?period=all"))
				.anySatisfy(row -> assertThat(row).containsEntry("userId", li.id().toString())
					.containsEntry("name", "李志愿")
					.containsEntry("points", 75)));
		api.as(li).get("/api/points/leaderboard?period=week").expectStatus().isBadRequest();

		// an award reversed is no longer earned
		api.as(admin)
			.post("/api/points/transactions/" + exactlyAward + "/reverse", Map.of("reason", "工时录错"))
			.expectStatus()
			.isCreated();
		assertThat(api.as(wang).getJson("/api/points/accounts/me")).containsEntry("balance", 23)
			.containsEntry("earned", 23);

		// a rule change applies to orders evaluated afterwards
		api.as(admin).put("/api/points/rules", Map.of("baseRate", 20, "multipliers", Map.of())).expectStatus().isOk();
		try {
			evaluated("ELDERLY", "3", hours(li, "1"));
			awaitBalance(li, 95);
		}
		finally {
			api.as(admin).put("/api/points/rules", Map.of("baseRate", 10)).expectStatus().isOk();
		}
	}

	@Test
	void redeliveredOrderEvaluatedAwardsOnce() {
		Person volunteer = Person.volunteer("赵志愿");
		UUID order = UUID.randomUUID();
		EventEnvelope<OrderEvaluated> event = EventEnvelope.of("/order-service", new OrderEvaluated(order,
				UUID.randomUUID(), "HEALTH", STATION, new BigDecimal("5"), List.of(hours(volunteer, "3"))));
		probe.publish(event);
		probe.publish(event);
		// the same fact announced again under a new event id: the award's idempotency key
		// holds
		EventEnvelope<OrderEvaluated> again = EventEnvelope.of("/order-service", event.data());
		probe.publish(again);

		await().atMost(EVENTUALLY).until(() -> applied(again.id()));
		assertBalance(volunteer, 36);
		probe.awaitOne(PointsAwarded.class, e -> e.data().orderId().equals(order), EVENTUALLY);
		api.as(volunteer).get("/api/points/accounts/me/entries").expectBody().jsonPath("$.totalItems").isEqualTo(1);
	}

	@Test
	void concurrentRedemptionsNeverTakeTheBalanceBelowZero() {
		Person volunteer = volunteer("钱志愿");
		credit(volunteer, 100);
		UUID item = createItem(staff, "环保购物袋", 30, 1000);

		List<HttpStatus> answers = Flux.range(0, 50)
			.flatMap(i -> api.as(volunteer).postAsync("/api/store/redemptions", Map.of("itemId", item, "quantity", 1)),
					50)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(answers).filteredOn(HttpStatus.CREATED::equals).hasSize(3);
		// the rest are refused: too few points, or (on a loaded machine) no database
		// connection within the
		// bound every request has, which is a 503 to try again, never a wait without end
		assertThat(answers).filteredOn(status -> status != HttpStatus.CREATED)
			.isSubsetOf(HttpStatus.CONFLICT, HttpStatus.SERVICE_UNAVAILABLE)
			.contains(HttpStatus.CONFLICT);
		assertThat(api.as(volunteer).getJson("/api/points/accounts/me")).containsEntry("balance", 10)
			.containsEntry("redeemed", 90);
		assertStock(item, 997);
		api.as(volunteer)
			.post("/api/store/redemptions", Map.of("itemId", item, "quantity", 1))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("积分不足");
	}

	@Test
	void concurrentRedemptionsSellExactlyTheStock() {
		UUID item = createItem(staff, "文明实践纪念徽章", 5, 7);
		List<Person> volunteers = registered(
				Flux.range(0, 50).map(i -> Person.volunteer("志愿者" + i)).collectList().block());
		assertThat(Flux.fromIterable(volunteers)
			.flatMap(volunteer -> api.as(admin)
				.postAsync("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 20, "reason", "测试积分")),
					10)
			.collectList()
			.block(Duration.ofSeconds(60))).containsOnly(HttpStatus.CREATED);

		List<HttpStatus> answers = Flux.fromIterable(volunteers)
			.flatMap(volunteer -> api.as(volunteer)
				.postAsync("/api/store/redemptions", Map.of("itemId", item, "quantity", 1)), 50)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(answers).filteredOn(HttpStatus.CREATED::equals).hasSize(7);
		assertThat(answers).filteredOn(status -> status != HttpStatus.CREATED)
			.isSubsetOf(HttpStatus.CONFLICT, HttpStatus.SERVICE_UNAVAILABLE)
			.contains(HttpStatus.CONFLICT);
		assertStock(item, 0);
		long spent = volunteers.stream()
			.mapToLong(v -> 20 - ((Number) api.as(v).getJson("/api/points/accounts/me").get("balance")).longValue())
			.sum();
		assertThat(spent).isEqualTo(7 * 5);
	}

	@Test
	void staffOverTheStationFulfilsWithTheRightCodeOnly() {
		Person volunteer = volunteer("孙志愿");
		credit(volunteer, 50);
		UUID item = createItem(admin, "保温杯", 40, 3);
		Map<String, Object> redemption = redeem(volunteer, item, 1);
		String id = (String) redemption.get("id");
		String code = (String) redemption.get("pickupCode");
		assertThat(code).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}");
		assertThat(redemption).containsEntry("status", "RESERVED").containsEntry("pointsSpent", 40);
		assertThat((String) redemption.get("expiresAt")).isNotBlank();
		probe.awaitOne(RedemptionReserved.class, e -> e.data().redemptionId().toString().equals(id), EVENTUALLY);

		String fulfil = "/api/store/redemptions/" + id + "/fulfil";
		api.as(otherStaff).post(fulfil, Map.of("pickupCode", code)).expectStatus().isForbidden();
		api.as(volunteer).post(fulfil, Map.of("pickupCode", code)).expectStatus().isForbidden();
		api.as(staff)
			.post(fulfil, Map.of("pickupCode", "AAAAAAAA"))
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("核销码不正确，还可尝试 4 次");
		api.as(staff).post(fulfil, Map.of("pickupCode", "")).expectStatus().isBadRequest();
		// staff see the redemption, but never its code
		api.as(staff)
			.get("/api/store/redemptions?stationId=" + STATION)
			.expectBody()
			.jsonPath("$.items[?(@.id == '" + id + "')].status")
			.isEqualTo("RESERVED")
			.jsonPath("$.items[?(@.id == '" + id + "')].pickupCode")
			.doesNotExist();

		api.as(staff)
			.post(fulfil, Map.of("pickupCode", code.toLowerCase()))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("FULFILLED")
			.jsonPath("$.fulfilledBy")
			.isEqualTo(staff.id().toString());
		api.as(staff).post(fulfil, Map.of("pickupCode", code)).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		api.as(volunteer)
			.post("/api/store/redemptions/" + id + "/cancel", Map.of())
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		assertThat(probe
			.awaitOne(RedemptionFulfilled.class, e -> e.data().redemptionId().toString().equals(id), EVENTUALLY)
			.data()
			.fulfilledBy()).isEqualTo(staff.id());
		assertBalance(volunteer, 10);
		assertStock(item, 2);
	}

	@Test
	void tooManyWrongCodesLockTheRedemptionUntilItIsCancelled() {
		Person volunteer = volunteer("周志愿");
		credit(volunteer, 10);
		UUID item = createItem(staff, "毛巾", 10, 1);
		Map<String, Object> redemption = redeem(volunteer, item, 1);
		String id = (String) redemption.get("id");
		for (int i = 0; i < 5; i++) {
			api.as(staff)
				.post("/api/store/redemptions/" + id + "/fulfil", Map.of("pickupCode", "ZZZZZZZZ"))
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		}
		api.as(staff)
			.post("/api/store/redemptions/" + id + "/fulfil", Map.of("pickupCode", redemption.get("pickupCode")))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		api.as(staff).post("/api/store/redemptions/" + id + "/cancel", Map.of()).expectStatus().isOk();
		assertBalance(volunteer, 10);
	}

	@Test
	void cancellingRefundsThePointsAndRestoresTheStock() {
		Person volunteer = volunteer("吴志愿");
		Person someoneElse = Person.volunteer("郑志愿");
		credit(volunteer, 100);
		UUID item = createItem(staff, "图书", 25, 5);
		Map<String, Object> redemption = redeem(volunteer, item, 2);
		String id = (String) redemption.get("id");
		assertBalance(volunteer, 50);
		assertStock(item, 3);

		String cancel = "/api/store/redemptions/" + id + "/cancel";
		api.as(someoneElse).post(cancel, Map.of()).expectStatus().isForbidden();
		api.as(otherStaff).post(cancel, Map.of()).expectStatus().isForbidden();
		api.as(volunteer)
			.post(cancel, Map.of())
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CANCELLED")
			.jsonPath("$.expired")
			.isEqualTo(false);
		api.as(volunteer).post(cancel, Map.of()).expectStatus().isEqualTo(HttpStatus.CONFLICT);

		assertThat(api.as(volunteer).getJson("/api/points/accounts/me")).containsEntry("balance", 100)
			.containsEntry("redeemed", 0);
		assertStock(item, 5);
		api.as(volunteer)
			.get("/api/points/accounts/me/entries")
			.expectBody()
			.jsonPath("$.items[0].type")
			.isEqualTo("REFUND")
			.jsonPath("$.items[0].amount")
			.isEqualTo(50)
			.jsonPath("$.items[0].redemptionId")
			.isEqualTo(id)
			.jsonPath("$.items[1].type")
			.isEqualTo("REDEEM")
			.jsonPath("$.items[1].amount")
			.isEqualTo(-50)
			.jsonPath("$.items[1].balanceAfter")
			.isEqualTo(50);
		api.as(volunteer)
			.get("/api/store/redemptions?mine=true")
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1)
			.jsonPath("$.items[0].status")
			.isEqualTo("CANCELLED");
		RedemptionCancelled event = probe
			.awaitOne(RedemptionCancelled.class, e -> e.data().redemptionId().toString().equals(id), EVENTUALLY)
			.data();
		assertThat(event.pointsRefunded()).isEqualTo(50);
		assertThat(event.expired()).isFalse();
		assertThat(event.cancelledBy()).isEqualTo(volunteer.id());
	}

	@Test
	void aRetriedRedemptionWithTheSameIdempotencyKeyRedeemsOnce() {
		Person volunteer = volunteer("冯志愿");
		credit(volunteer, 100);
		UUID item = createItem(staff, "雨伞", 10, 10);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("itemId", item, "quantity", 2);

		Map<String, Object> first = api.as(volunteer).postJson("/api/store/redemptions", body, key, HttpStatus.CREATED);
		Map<String, Object> retry = api.as(volunteer).postJson("/api/store/redemptions", body, key, HttpStatus.CREATED);
		List<HttpStatus> concurrent = Flux.range(0, 10)
			.flatMap(i -> api.as(volunteer).postAsync("/api/store/redemptions", body, key), 10)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(retry.get("id")).isEqualTo(first.get("id"));
		assertThat(retry.get("pickupCode")).isEqualTo(first.get("pickupCode"));
		assertThat(concurrent).containsOnly(HttpStatus.CREATED);
		assertBalance(volunteer, 80);
		assertStock(item, 8);
		api.as(volunteer)
			.post("/api/store/redemptions", Map.of("itemId", item, "quantity", 3), key)
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		api.as(volunteer).post("/api/store/redemptions", body, "x".repeat(101)).expectStatus().isBadRequest();
		assertBalance(volunteer, 80);
	}

	@Test
	void anIdempotencyKeyIsRememberedForADayThenTheSameKeyRedeemsAgain() {
		Person volunteer = volunteer("秦志愿");
		credit(volunteer, 100);
		UUID item = createItem(staff, "水杯", 10, 10);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("itemId", item, "quantity", 1);
		Map<String, Object> first = api.as(volunteer).postJson("/api/store/redemptions", body, key, HttpStatus.CREATED);

		// a day passes: the key sweep (every civic.sweep.interval) forgets the key
		db.sql("UPDATE idempotency_key SET created_at = now() - interval '1 day 1 second' WHERE key = :key")
			.bind("key", key)
			.then()
			.block();
		await().atMost(EVENTUALLY)
			.until(() -> db.sql("SELECT count(*) AS n FROM idempotency_key WHERE key = :key")
				.bind("key", key)
				.map(row -> row.get("n", Long.class))
				.one()
				.block() == 0);

		Map<String, Object> later = api.as(volunteer).postJson("/api/store/redemptions", body, key, HttpStatus.CREATED);
		assertThat(later.get("id")).as("a new redemption").isNotEqualTo(first.get("id"));
		assertBalance(volunteer, 80);
		assertStock(item, 8);
		assertThat(api.as(volunteer).postJson("/api/store/redemptions", body, key, HttpStatus.CREATED))
			.as("remembered again from the new redemption")
			.containsEntry("id", later.get("id"));
	}

	@Test
	void adminsAdjustAndReverseButNeverBelowZero() {
		Person volunteer = volunteer("陈志愿");
		Map<String, Object> credit = api.as(admin)
			.postJson("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 50, "reason", "补录线下活动积分"),
					HttpStatus.CREATED);
		assertThat(credit).containsEntry("type", "ADJUST")
			.containsEntry("amount", 50)
			.containsEntry("balanceAfter", 50)
			.containsEntry("memo", "补录线下活动积分");
		probe.awaitOne(PointsAdjusted.class, e -> e.data().transactionId().toString().equals(credit.get("id")),
				EVENTUALLY);

		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", -51, "reason", "扣减"))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("积分不足");
		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 0, "reason", "零"))
			.expectStatus()
			.isBadRequest();
		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 5))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		api.as(staff)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 5, "reason", "x"))
			.expectStatus()
			.isForbidden();
		api.as(volunteer).get("/api/points/accounts/me/entries").expectBody().jsonPath("$.totalItems").isEqualTo(1);

		Map<String, Object> debit = api.as(admin)
			.postJson("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", -20, "reason", "重复录入"),
					HttpStatus.CREATED);
		assertThat(debit).containsEntry("amount", -20).containsEntry("balanceAfter", 30);

		String reverse = "/api/points/transactions/" + debit.get("id") + "/reverse";
		Map<String, Object> reversal = api.as(admin).postJson(reverse, Map.of("reason", "扣错了"), HttpStatus.CREATED);
		assertThat(reversal).containsEntry("amount", 20)
			.containsEntry("balanceAfter", 50)
			.containsEntry("reversesId", debit.get("id"));
		api.as(admin).post(reverse, Map.of("reason", "再冲一次")).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		api.as(admin)
			.post("/api/points/transactions/" + UUID.randomUUID() + "/reverse", Map.of("reason", "x"))
			.expectStatus()
			.isNotFound();
		assertBalance(volunteer, 50);
	}

	@Test
	void badInputGetsAProblemAndChangesNothing() {
		Person volunteer = volunteer("褚志愿");
		credit(volunteer, 30);
		Person resident = new Person(UUID.randomUUID(), "居民", Set.of("RESIDENT"), Set.of());

		api.as(staff)
			.post("/api/store/items", item("无价之宝", 0, 1, STATION))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("pointsCost");
		api.as(staff).post("/api/store/items", item("负库存", 5, -1, STATION)).expectStatus().isBadRequest();
		api.as(otherStaff).post("/api/store/items", item("越权", 5, 1, STATION)).expectStatus().isForbidden();
		api.as(staff).post("/api/store/items", item("设在实践所", 5, 1, INSTITUTE)).expectStatus().isBadRequest();
		api.as(admin)
			.post("/api/points/adjustments",
					Map.of("userId", "00000000-0000-0000-0000-000000000001", "amount", 5, "reason", "系统账户"))
			.expectStatus()
			.isBadRequest();
		api.as(volunteer).post("/api/store/items", item("越权", 5, 1, STATION)).expectStatus().isForbidden();
		api.anonymous().post("/api/store/items", item("匿名", 5, 1, STATION)).expectStatus().isUnauthorized();

		UUID item = createItem(staff, "笔记本", 10, 2);
		api.as(volunteer)
			.post("/api/store/redemptions", Map.of("itemId", item, "quantity", 0))
			.expectStatus()
			.isBadRequest();
		api.as(volunteer)
			.post("/api/store/redemptions", Map.of("itemId", UUID.randomUUID(), "quantity", 1))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("itemId");
		api.as(volunteer)
			.post("/api/store/redemptions", Map.of("itemId", item, "quantity", 3))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("库存不足");
		api.as(resident)
			.post("/api/store/redemptions", Map.of("itemId", item, "quantity", 1))
			.expectStatus()
			.isForbidden();
		api.as(staff)
			.post("/api/store/items/" + item + "/restock", Map.of("quantity", 0))
			.expectStatus()
			.isBadRequest();
		api.as(otherStaff)
			.post("/api/store/items/" + item + "/restock", Map.of("quantity", 1))
			.expectStatus()
			.isForbidden();
		api.as(staff)
			.post("/api/store/items/" + item + "/restock", Map.of("quantity", 3))
			.expectBody()
			.jsonPath("$.stock")
			.isEqualTo(5);
		api.as(staff)
			.post("/api/store/items/" + item + "/deactivate", Map.of())
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(false);
		api.as(volunteer)
			.post("/api/store/redemptions", Map.of("itemId", item, "quantity", 1))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("该商品已下架");
		assertThat(api.anonymous().getList("/api/store/items?stationId=" + STATION))
			.noneSatisfy(listed -> assertThat(listed).containsEntry("id", item.toString()));
		api.as(volunteer)
			.post("/api/store/redemptions/" + UUID.randomUUID() + "/cancel", Map.of())
			.expectStatus()
			.isNotFound();
		api.as(volunteer).get("/api/points/accounts/me/entries?size=0").expectStatus().isBadRequest();
		api.as(volunteer).get("/api/points/ledger/check").expectStatus().isForbidden();

		assertBalance(volunteer, 30);
		assertStock(item, 5);
		api.as(volunteer).get("/api/store/redemptions?mine=true").expectBody().jsonPath("$.totalItems").isEqualTo(0);
	}

	@Test
	void anExpiredReservationIsCancelledAndRefundedBySweep() {
		Person volunteer = volunteer("卫志愿");
		credit(volunteer, 40);
		UUID item = createItem(staff, "围巾", 15, 2);
		Map<String, Object> redemption = redeem(volunteer, item, 2);
		String id = (String) redemption.get("id");
		assertThat(Instant.parse((String) redemption.get("expiresAt"))).isBetween(
				Instant.now().plus(Duration.ofDays(7)).minusSeconds(120),
				Instant.now().plus(Duration.ofDays(7)).plusSeconds(120));
		assertStock(item, 0);

		// seven days pass
		db.sql("UPDATE redemption SET expires_at = now() - interval '1 second' WHERE id = :id")
			.bind("id", UUID.fromString(id))
			.then()
			.block();

		await().atMost(EVENTUALLY)
			.untilAsserted(() -> assertThat(api.as(volunteer).getJson("/api/store/redemptions/" + id))
				.containsEntry("status", "CANCELLED")
				.containsEntry("expired", true));
		assertBalance(volunteer, 40);
		assertStock(item, 2);
		RedemptionCancelled event = probe
			.awaitOne(RedemptionCancelled.class, e -> e.data().redemptionId().toString().equals(id), EVENTUALLY)
			.data();
		assertThat(event.expired()).isTrue();
		assertThat(event.cancelledBy()).isNull();
		assertThat(event.pointsRefunded()).isEqualTo(30);
		api.as(staff)
			.post("/api/store/redemptions/" + id + "/fulfil", Map.of("pickupCode", redemption.get("pickupCode")))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void ledgerCheckReportsAStoredBalanceThatNoLongerMatchesItsPostings() {
		Person volunteer = volunteer("蒋志愿");
		credit(volunteer, 25);
		corruptBalance(volunteer, 7);
		try {
			api.as(admin)
				.get("/api/points/ledger/check")
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.balanced")
				.isEqualTo(false)
				.jsonPath("$.mismatchedAccounts.length()")
				.isEqualTo(1)
				.jsonPath("$.mismatchedAccounts[0].accountId")
				.isEqualTo(volunteer.id().toString())
				.jsonPath("$.mismatchedAccounts[0].storedBalance")
				.isEqualTo(32)
				.jsonPath("$.mismatchedAccounts[0].computedBalance")
				.isEqualTo(25);
		}
		finally {
			corruptBalance(volunteer, -7);
		}
	}

	@Test
	void theDatabaseRefusesEditsUnbalancedTransactionsAndOverdrafts() {
		Person volunteer = volunteer("沈志愿");
		credit(volunteer, 10);

		assertThatThrownBy(() -> db.sql("UPDATE posting SET amount = amount + 1 WHERE account_id = :id")
			.bind("id", volunteer.id())
			.then()
			.block()).hasMessageContaining("append-only");
		assertThatThrownBy(() -> db.sql("DELETE FROM ledger_transaction WHERE memo = '测试积分'").then().block())
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> db.sql("UPDATE account SET balance = -1 WHERE id = :id")
			.bind("id", volunteer.id())
			.then()
			.block()).hasMessageContaining("volunteer_balance_not_negative");

		UUID unbalanced = UUID.randomUUID();
		assertThatThrownBy(() -> transactions.transactional(db.sql("""
				INSERT INTO ledger_transaction (id, idempotency_key, kind, memo, actor_id)
				VALUES (:id, :key, 'ADJUST', '只记一边', :admin)""")
			.bind("id", unbalanced)
			.bind("key", "test:" + unbalanced)
			.bind("admin", admin.id())
			.then()
			.then(db.sql("""
					INSERT INTO posting (transaction_id, account_id, amount, balance_after)
					VALUES (:id, :account, 5, 15)""").bind("id", unbalanced).bind("account", volunteer.id()).then()))
			.block()).hasMessageContaining("unbalanced");
		assertThat(db.sql("SELECT count(*) AS n FROM ledger_transaction WHERE id = :id")
			.bind("id", unbalanced)
			.map(row -> row.get("n", Long.class))
			.one()
			.block()).isZero();
		assertBalance(volunteer, 10);
	}

	@Test
	void staffReadTheAccountsOfPeopleInTheirScopeOnlyAndNobodyReadsASystemAccount() {
		Person volunteer = volunteer("韩志愿");
		credit(volunteer, 15);
		String account = "/api/points/accounts/" + volunteer.id();
		Person staffOfAnotherCentre = Person.staff(UUID.randomUUID());

		api.as(staff).get(account).expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(15);
		api.as(staff)
			.get(account + "/entries")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1);
		for (Person outsider : List.of(staffOfAnotherCentre, otherStaff)) {
			api.as(outsider)
				.get(account)
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			api.as(outsider).get(account + "/entries").expectStatus().isForbidden();
		}
		// everybody reads their own account by id too
		api.as(volunteer).get(account).expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(15);
		api.as(volunteer).get(account + "/entries").expectStatus().isOk();

		// the system accounts are nobody's account, whoever asks
		for (String system : List.of("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002")) {
			for (Person reader : List.of(admin, staff)) {
				api.as(reader).get("/api/points/accounts/" + system).expectStatus().isNotFound();
				api.as(reader).get("/api/points/accounts/" + system + "/entries").expectStatus().isNotFound();
			}
		}
		api.as(admin).get("/api/points/accounts/" + UUID.randomUUID()).expectStatus().isNotFound();
		api.as(admin).get("/api/points/accounts/" + UUID.randomUUID() + "/entries").expectStatus().isNotFound();
	}

	@Test
	void nobodyFulfilsTheirOwnRedemption() {
		Person staffWhoVolunteers = registered(new Person(UUID.randomUUID(), "既是工作人员也是志愿者",
				Set.of("RESIDENT", "VOLUNTEER", "STAFF"), Set.of(INSTITUTE)));
		credit(staffWhoVolunteers, 30);
		UUID item = createItem(staff, "台灯", 20, 2);
		Map<String, Object> redemption = redeem(staffWhoVolunteers, item, 1);
		String fulfil = "/api/store/redemptions/" + redemption.get("id") + "/fulfil";

		api.as(staffWhoVolunteers)
			.post(fulfil, Map.of("pickupCode", redemption.get("pickupCode")))
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("不能核销自己的兑换，请由其他工作人员核销");
		assertThat(api.as(staffWhoVolunteers).getJson("/api/store/redemptions/" + redemption.get("id")))
			.containsEntry("status", "RESERVED");

		api.as(staff)
			.post(fulfil, Map.of("pickupCode", redemption.get("pickupCode")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fulfilledBy")
			.isEqualTo(staff.id().toString());
		assertBalance(staffWhoVolunteers, 10);
	}

	@Test
	void nobodyAdjustsTheirOwnPoints() {
		Person anotherAdmin = registered(Person.admin());
		registered(admin);

		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", admin.id(), "amount", 100, "reason", "给自己加分"))
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("不能调整自己的积分");
		api.as(admin).get("/api/points/accounts/me").expectBody().jsonPath("$.balance").isEqualTo(0);

		// nor by reversing a deduction someone else made
		Map<String, Object> credit = api.as(anotherAdmin)
			.postJson("/api/points/adjustments", Map.of("userId", admin.id(), "amount", 10, "reason", "补录"),
					HttpStatus.CREATED);
		Map<String, Object> debit = api.as(anotherAdmin)
			.postJson("/api/points/adjustments", Map.of("userId", admin.id(), "amount", -10, "reason", "扣回"),
					HttpStatus.CREATED);
		api.as(admin)
			.post("/api/points/transactions/" + debit.get("id") + "/reverse", Map.of("reason", "撤销扣分"))
			.expectStatus()
			.isForbidden();
		assertThat(credit).containsEntry("balanceAfter", 10);
		api.as(admin).get("/api/points/accounts/me").expectBody().jsonPath("$.balance").isEqualTo(0);
	}

	@Test
	void adjustingPointsOfSomeoneWhoDoesNotExistIsRefusedAndOpensNoAccount() {
		UUID nobody = UUID.randomUUID();

		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", nobody, "amount", 50, "reason", "补录"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("userId");

		api.as(admin).get("/api/points/accounts/" + nobody).expectStatus().isNotFound();
		api.as(admin).get("/api/points/accounts/" + nobody + "/entries").expectStatus().isNotFound();
	}

	@Test
	void anItemAtAStationThatDoesNotExistIsRefused() {
		UUID nowhere = UUID.randomUUID();

		for (Person by : List.of(admin, staff)) {
			api.as(by)
				.post("/api/store/items", item("幽灵商品", 5, 1, nowhere))
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("stationId");
		}
		assertThat(api.anonymous().getList("/api/store/items?includeInactive=true&stationId=" + nowhere)).isEmpty();
	}

	@Test
	void numbersOutsideTheirRangeAndMultiLineNamesAreRefused() {
		Person volunteer = volunteer("杨志愿");
		credit(volunteer, 1000);
		UUID item = createItem(staff, "橡皮", 1, 100);

		for (int quantity : new int[] { 0, 11, -1 }) {
			api.as(volunteer)
				.post("/api/store/redemptions", Map.of("itemId", item, "quantity", quantity))
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("quantity");
		}
		redeem(volunteer, item, 10);
		api.as(staff).post("/api/store/items", item("太贵", 100_001, 1, STATION)).expectStatus().isBadRequest();
		api.as(staff).post("/api/store/items", item("太多", 1, 100_001, STATION)).expectStatus().isBadRequest();
		api.as(staff)
			.post("/api/store/items", item("两行\n名称", 1, 1, STATION))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("name");
		api.as(staff).post("/api/store/items", item("名".repeat(101), 1, 1, STATION)).expectStatus().isBadRequest();
		api.as(staff)
			.post("/api/store/items/" + item + "/restock", Map.of("quantity", 100_001))
			.expectStatus()
			.isBadRequest();
		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 100_001, "reason", "太多"))
			.expectStatus()
			.isBadRequest();
		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 5, "reason", "原因\n第二行"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");

		assertBalance(volunteer, 990);
		assertStock(item, 90);
	}

	@Test
	void idempotencyKeysWithControlCharactersOrOver100CharactersAreRefusedNeverAServerError() {
		Person volunteer = volunteer("朱志愿");
		credit(volunteer, 10);
		UUID item = createItem(staff, "钥匙扣", 1, 10);
		String body = "{\"itemId\":\"" + item + "\",\"quantity\":1}";

		PointsApi asVolunteer = api.as(volunteer);
		// the HTTP server refuses most control characters in a header; a tab it lets
		// through
		for (String key : List.of("a\tb", "a\u0000b", "a\u0001b", "\u001b[31m", "a\u007fb")) {
			assertThat(asVolunteer.postWithRawHeader("/api/store/redemptions", body, "Idempotency-Key", key))
				.as("Idempotency-Key %s", key.chars().mapToObj(Integer::toHexString).toList())
				.isEqualTo(400);
		}
		assertThat(asVolunteer.postWithRawHeader("/api/store/redemptions", body, "Idempotency-Key", "k".repeat(10_000)))
			.isBetween(400, 499);
		assertThat(asVolunteer.postWithRawHeader("/api/store/redemptions", body, "Idempotency-Key", "k".repeat(101)))
			.isEqualTo(400);
		assertBalance(volunteer, 10);
		assertStock(item, 10);

		// a key of 100 characters, spaces and punctuation included, is a key
		String key = "retry #1: order/" + "x-".repeat(41) + "!";
		assertThat(key).hasSize(99);
		assertThat(asVolunteer.postWithRawHeader("/api/store/redemptions", body, "Idempotency-Key", key))
			.isEqualTo(201);
		assertThat(asVolunteer.postWithRawHeader("/api/store/redemptions", body, "Idempotency-Key", key))
			.isEqualTo(201);
		assertBalance(volunteer, 9);
	}

	@Test
	@SuppressWarnings("unchecked")
	void pointsStatsCountTheVolunteersAndItemsOfTheUnitOverThePeriod() {
		// an institute of its own: the other tests' leaderboards of INSTITUTE must not
		// see these volunteers
		UUID institute = UUID.randomUUID();
		Person centreStaff = Person.staff(CENTRE);
		UUID station = UUID.randomUUID();
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(institute, "统计实践所", "INSTITUTE", CENTRE, List.of(CENTRE))));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(station, "统计实践站", "STATION", institute, List.of(CENTRE, institute))));
		Person earner = Person.volunteer("统计志愿者甲");
		Person spender = Person.volunteer("统计志愿者乙");
		for (Person person : List.of(earner, spender)) {
			probe.publish(EventEnvelope.of("/volunteer-service", new VolunteerRegistered(person.id(),
					"V" + person.id().toString().substring(0, 8), person.name(), station, List.of())));
		}
		await().atMost(EVENTUALLY)
			.until(() -> db.sql("SELECT count(*) AS n FROM person WHERE station_id = :station")
				.bind("station", station)
				.map(row -> row.get("n", Long.class))
				.one()
				.block() == 2);
		evaluated("SCIENCE", "3.0", hours(earner, "2"));
		await().atMost(EVENTUALLY)
			.until(() -> ((Number) api.as(earner).getJson("/api/points/accounts/me").get("balance")).longValue() > 0);
		long awarded = ((Number) api.as(earner).getJson("/api/points/accounts/me").get("balance")).longValue();
		credit(spender, 100);
		Map<String, Object> created = api.as(admin)
			.postJson("/api/store/items", item("统计用环保袋", 30, 10, station), HttpStatus.CREATED);
		UUID item = UUID.fromString((String) created.get("id"));
		redeem(spender, item, 2);
		Map<String, Object> cancelled = redeem(spender, item, 1);
		api.as(spender)
			.post("/api/store/redemptions/" + cancelled.get("id") + "/cancel", Map.of())
			.expectStatus()
			.isOk();

		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
		String period = "&from=" + today + "&to=" + today.plusDays(1);
		Map<String, Object> figures = api.as(centreStaff).getJson("/api/stats/points?orgUnitId=" + station + period);
		assertThat(figures).containsEntry("issued", (int) awarded + 100)
			.containsEntry("redeemed", 60)
			.containsEntry("outstanding", (int) awarded + 40)
			.containsEntry("activeVolunteers", 1);
		assertThat((List<?>) figures.get("byItem")).singleElement()
			.satisfies(row -> assertThat((Map<Object, Object>) row).containsEntry("itemId", item.toString())
				.containsEntry("name", "统计用环保袋")
				.containsEntry("stationId", station.toString())
				.containsEntry("redeemed", 2)
				.containsEntry("points", 60));

		// the day before: nothing happened, and the balances were zero
		Map<String, Object> before = api.as(admin)
			.getJson("/api/stats/points?orgUnitId=" + station + "&from=" + today.minusDays(1) + "&to=" + today);
		assertThat(before).containsEntry("issued", 0)
			.containsEntry("outstanding", 0)
			.containsEntry("activeVolunteers", 0);
		assertThat((List<?>) before.get("byItem")).isEmpty();

		for (String query : List.of("?orgUnitId=" + station + "&from=" + today + "&to=" + today,
				"?orgUnitId=" + station + "&from=tomorrow&to=" + today,
				"?orgUnitId=" + station + period.replace("&to=", "&x="), "?orgUnitId=nope" + period,
				period.replaceFirst("&", "?"))) {
			api.as(centreStaff).get("/api/stats/points" + query).expectStatus().isBadRequest();
		}
		api.as(otherStaff).get("/api/stats/points?orgUnitId=" + station + period).expectStatus().isForbidden();
		api.as(earner).get("/api/stats/points?orgUnitId=" + station + period).expectStatus().isForbidden();
		api.as(admin).get("/api/stats/points?orgUnitId=" + UUID.randomUUID() + period).expectStatus().isNotFound();
	}

	// ---- helpers

	/** A volunteer of the station, known here from volunteer-service's event. */
	private Person volunteer(String name) {
		return registered(Person.volunteer(name));
	}

	private Person registered(Person person) {
		registered(List.of(person));
		return person;
	}

	/**
	 * Announces the people as volunteers of the station, as volunteer-service would, and
	 * waits until they are known.
	 */
	private List<Person> registered(List<Person> people) {
		for (Person person : people) {
			probe.publish(EventEnvelope.of("/volunteer-service", new VolunteerRegistered(person.id(),
					"V" + person.id().toString().substring(0, 8), person.name(), STATION, List.of())));
		}
		UUID[] ids = people.stream().map(Person::id).toArray(UUID[]::new);
		await().atMost(EVENTUALLY)
			.until(() -> db.sql("SELECT count(*) AS n FROM person WHERE user_id = ANY (:ids)")
				.bind("ids", ids)
				.map(row -> row.get("n", Long.class))
				.one()
				.block() == ids.length);
		return people;
	}

	private Map<String, Object> redeem(Person volunteer, UUID item, int quantity) {
		return api.as(volunteer)
			.postJson("/api/store/redemptions", Map.of("itemId", item, "quantity", quantity), HttpStatus.CREATED);
	}

	private void assertBalance(Person volunteer, int balance) {
		assertThat(api.as(volunteer).getJson("/api/points/accounts/me")).containsEntry("balance", balance);
	}

	private void assertStock(UUID item, int stock) {
		assertThat(api.getJson("/api/store/items/" + item)).containsEntry("stock", stock);
	}

	private void corruptBalance(Person volunteer, long by) {
		db.sql("UPDATE account SET balance = balance + :by WHERE id = :id")
			.bind("by", by)
			.bind("id", volunteer.id())
			.then()
			.block();
	}

	private UUID evaluated(String category, String rating, ApprovedHours... hours) {
		UUID order = UUID.randomUUID();
		probe.publish(EventEnvelope.of("/order-service", new OrderEvaluated(order, UUID.randomUUID(), category, STATION,
				new BigDecimal(rating), List.of(hours))));
		return order;
	}

	private static ApprovedHours hours(Person volunteer, String hours) {
		return new ApprovedHours(volunteer.id(), new BigDecimal(hours));
	}

	private void awaitBalance(Person volunteer, long balance) {
		await().atMost(EVENTUALLY)
			.untilAsserted(() -> assertThat(api.as(volunteer).getJson("/api/points/accounts/me"))
				.containsEntry("balance", (int) balance));
	}

	private boolean applied(String eventId) {
		return db.sql("SELECT count(*) AS n FROM inbox WHERE event_id = :id")
			.bind("id", eventId)
			.map(row -> row.get("n", Long.class))
			.one()
			.block() > 0;
	}

	private void credit(Person volunteer, long points) {
		api.as(admin)
			.post("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", points, "reason", "测试积分"))
			.expectStatus()
			.isCreated();
	}

	private UUID createItem(Person by, String name, long cost, int stock) {
		Map<String, Object> created = api.as(by)
			.postJson("/api/store/items", item(name, cost, stock, STATION), HttpStatus.CREATED);
		return UUID.fromString((String) created.get("id"));
	}

	private static Map<String, Object> item(String name, long cost, int stock, UUID station) {
		return Map.of("name", name, "description", name + "，以分换物", "pointsCost", cost, "stock", stock, "stationId",
				station);
	}

}
