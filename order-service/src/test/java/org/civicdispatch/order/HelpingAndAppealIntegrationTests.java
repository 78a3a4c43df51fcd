package org.civicdispatch.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderAppealed;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
import org.civicdispatch.order.live.EventStreamClient;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civicdispatch.order.OrderWorld.admin;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;
import static org.civicdispatch.order.OrderWorld.staffVolunteer;
import static org.civicdispatch.order.OrderWorld.user;

/**
 * 帮办 (ordering for a neighbour) and 申诉 (appeal) over real HTTP, PostgreSQL and Kafka: who
 * may order for whom, what the neighbour with an account and the helper see and do, 代评,
 * and the appeal window (aged with the demo back-dating), who decides, and one decision
 * under a race.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.sweep.interval=300ms", "civic.demo.enabled=true" })
@WithRealInfra
class HelpingAndAppealIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static EventProbe orderEvents;

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	OrderWorld world;

	@BeforeAll
	static void probes() {
		orderEvents = EventProbe.on(Topics.ORDER_EVENTS);
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbes() {
		orderEvents.close();
		volunteerEvents.close();
	}

	@BeforeEach
	void world() {
		world = new OrderWorld(WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build(), db, volunteerEvents);
	}

	// ---- 帮办

	@Test
	void aVolunteerOrdersForANeighbourWithAnAccountWhoThenSeesRatesAndAppealsItAsTheirOwn() throws Exception {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		String phone = phone();
		User neighbour = account("张大爷", phone);
		User helper = volunteerOf(tree.station(), "李志愿");
		User staff = staff(tree.station());

		try (EventStreamClient stream = EventStreamClient.open("http://localhost:" + port, neighbour.token());
				EventStreamClient helperStream = EventStreamClient.open("http://localhost:" + port, helper.token())) {
			stream.connected();
			helperStream.connected();
			Map<String, Object> body = helpingBody(tree.station(), "张大爷", phone);
			JsonNode placed = world.placeWithKey(helper, body, "help-" + UUID.randomUUID(), 201);
			UUID id = UUID.fromString(placed.get("id").asString());
			assertThat(placed.get("residentId").asString()).isEqualTo(neighbour.id().toString());
			assertThat(placed.get("placedBy").asString()).isEqualTo(helper.id().toString());
			assertThat(placed.get("beneficiary").get("name").asString()).isEqualTo("张大爷");
			assertThat(placed.get("beneficiary").get("phone").asString()).isEqualTo(phone);
			assertThat(placed.get("beneficiary").get("hasAccount").asBoolean()).isTrue();
			assertThat(placed.get("history").get(0).get("actorId").asString()).isEqualTo(helper.id().toString());
			assertThat(placed.get("history").get(0).get("note").asString()).isEqualTo("代 张大爷 下单");

			// the neighbour reads it, finds it in their own list and hears of it on the
			// live stream
			assertThat(world.get(neighbour, id).get("beneficiary").get("phone").asString()).isEqualTo(phone);
			assertThat(ids(world.call(neighbour, "GET", "/api/orders?mine=true", null, 200))).contains(id.toString());
			assertThat(ids(world.call(helper, "GET", "/api/orders?mine=true", null, 200))).contains(id.toString());
			await().atMost(WAIT).untilAsserted(() -> assertThat(stream.events("order", id)).isNotEmpty());
			// the helper follows the order they placed too, though it is the neighbour's
			await().atMost(WAIT).untilAsserted(() -> assertThat(helperStream.events("order", id)).isNotEmpty());
			world.call(resident(), "GET", "/api/orders/" + id, null, 403);

			world.awaitDispatchAttempt(id);
			world.accept(team, id);
			// at the door the helper may show the check-in code for the neighbour; the
			// serving volunteer may not
			JsonNode code = world.call(helper, "GET", "/api/orders/" + id + "/check-in-code", null, 200);
			assertThat(code.get("code").asString()).hasSize(8);
			world.call(neighbour, "GET", "/api/orders/" + id + "/check-in-code", null, 200);
			world.call(team.member(0), "GET", "/api/orders/" + id + "/check-in-code", null, 403);
			world.call(resident(), "GET", "/api/orders/" + id + "/check-in-code", null, 403);
			world.post(team.member(0), id, "check-ins", Map.of("code", code.get("code").asString(), "type", "IN"), 201);
			world.post(team.leader, id, "start", null, 200);
			world.post(team.leader, id, "complete", Map.of("summary", "已陪老人就医", "hours",
					List.of(Map.of("volunteerId", team.member(0).id().toString(), "hours", 1))), 200);
			// the neighbour has an account: they rate it, the helper does not stand in
			// for them
			JsonNode refused = world.post(helper, id, "evaluations",
					Map.of("rating", 5, "comment", "代评", "onBehalf", true), 403);
			assertThat(refused.get("detail").asString()).contains("本人评价");
			world.post(neighbour, id, "evaluations", Map.of("rating", 2, "comment", "来晚了"), 200);
			JsonNode evaluated = world.post(staff, id, "evaluations", Map.of("rating", 3), 200);
			assertThat(evaluated.get("status").asString()).isEqualTo("EVALUATED");
			assertThat(evaluated.get("evaluations").get(0).get("onBehalf").asBoolean()).isFalse();

			JsonNode appealed = world.post(neighbour, id, "appeal", Map.of("reason", "志愿者迟到两小时"), 201);
			assertThat(appealed.get("appeal").get("status").asString()).isEqualTo("OPEN");
			assertThat(appealed.get("appeal").get("reason").asString()).isEqualTo("志愿者迟到两小时");
		}
	}

	@Test
	void aRepeatWithTheSameIdempotencyKeyMakesOneHelpingOrder() {
		Tree tree = world.tree();
		User helper = volunteerOf(tree.station(), "周志愿");
		String key = "help-" + UUID.randomUUID();
		Map<String, Object> body = helpingBody(tree.station(), "刘奶奶", phone());
		JsonNode first = world.placeWithKey(helper, body, key, 201);
		JsonNode again = world.placeWithKey(helper, body, key, 201);
		assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
		assertThat(world.count("SELECT count(*) AS n FROM service_order WHERE placed_by = '" + helper.id() + "'"))
			.isEqualTo(1);
		Map<String, Object> other = helpingBody(tree.station(), "刘奶奶", phone());
		world.placeWithKey(helper, other, key, 409);
	}

	@Test
	void onlyStaffOverTheStationOrItsVolunteersOrderForSomeoneElseWithAValidNameAndPhone() {
		Tree tree = world.tree();
		Team otherTeam = world.team(tree.otherStation(), 2, "ELDERLY");
		String phone = phone();
		world.call(resident(), "POST", "/api/orders", helpingBody(tree.station(), "王奶奶", phone), 403);
		world.call(volunteerOf(tree.otherStation(), "外站志愿者"), "POST", "/api/orders",
				helpingBody(tree.station(), "王奶奶", phone), 403);
		world.call(otherTeam.leader(), "POST", "/api/orders", helpingBody(tree.station(), "王奶奶", phone), 403);
		world.call(staff(tree.otherStation()), "POST", "/api/orders", helpingBody(tree.station(), "王奶奶", phone), 403);

		User helper = staff(tree.institute());
		for (Map<String, Object> bad : List.of(Map.<String, Object>of("name", " ", "phone", phone),
				Map.<String, Object>of("name", "王奶奶", "phone", "1390000111"),
				Map.<String, Object>of("name", "王奶奶", "phone", "２３９００００１１１１"),
				Map.<String, Object>of("name", "王\n奶奶", "phone", phone), Map.<String, Object>of("name", "王奶奶"))) {
			Map<String, Object> body = world.orderBody("ELDERLY", tree.station());
			body.put("beneficiary", bad);
			JsonNode problem = world.call(helper, "POST", "/api/orders", body, 400);
			assertThat(problem.get("errors").get(0).get("field").asString()).startsWith("beneficiary.");
		}
		assertThat(world.count("SELECT count(*) AS n FROM service_order WHERE beneficiary_phone = '" + phone + "'"))
			.isZero();
		// staff over the institute may: the station is in their scope
		world.call(helper, "POST", "/api/orders", helpingBody(tree.station(), "王奶奶", phone), 201);
	}

	@Test
	void withoutAnAccountTheHelperRecordsTheRatingOnBehalfUnlessTheyServedOnIt() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 3, "ELDERLY");
		User staffHelper = staff(tree.station());
		User reviewer = staff(tree.station());
		String phone = phone();

		JsonNode placed = world.call(staffHelper, "POST", "/api/orders", helpingBody(tree.station(), "王奶奶", phone),
				201);
		UUID id = UUID.fromString(placed.get("id").asString());
		assertThat(placed.get("beneficiary").get("hasAccount").asBoolean()).isFalse();
		assertThat(placed.get("residentId").asString()).isEqualTo(staffHelper.id().toString());
		world.awaitDispatchAttempt(id);
		world.acceptStartComplete(team, id);
		world.post(resident(), id, "evaluations", Map.of("rating", 5, "onBehalf", true), 403);
		JsonNode rated = world.post(staffHelper, id, "evaluations",
				Map.of("rating", 4, "comment", "电话回访，老人很满意", "onBehalf", true), 200);
		assertThat(rated.get("evaluations").get(0).get("by").asString()).isEqualTo("RESIDENT");
		assertThat(rated.get("evaluations").get(0).get("onBehalf").asBoolean()).isTrue();
		assertThat(lastNote(rated)).isEqualTo("代 王奶奶 评价（代评）：电话回访，老人很满意");
		JsonNode evaluated = world.post(reviewer, id, "evaluations", Map.of("rating", 5), 200);
		assertThat(evaluated.get("finalRating").decimalValue()).isEqualByComparingTo("4.4");

		// a member of the team orders for a neighbour, serves on it, and may not rate it
		// for them
		User member = team.member(0);
		JsonNode own = world.call(member, "POST", "/api/orders", helpingBody(tree.station(), "赵爷爷", phone()), 201);
		UUID ownId = UUID.fromString(own.get("id").asString());
		world.awaitDispatchAttempt(ownId);
		world.acceptStartComplete(team, ownId);
		JsonNode refused = world.post(member, ownId, "evaluations", Map.of("rating", 5, "onBehalf", true), 403);
		assertThat(refused.get("detail").asString()).contains("参与了此订单的服务");

		// the neighbour registers later: the orders placed for their phone become theirs
		User late = account("王奶奶", phone);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(world.get(admin(), id).get("residentId").asString())
				.isEqualTo(late.id().toString()));
		assertThat(world.get(late, id).get("beneficiary").get("hasAccount").asBoolean()).isTrue();
		assertThat(world.get(late, id).get("evaluations").get(0).get("onBehalf").asBoolean()).isTrue();
		assertThat(world.get(staffHelper, id).get("placedBy").asString()).isEqualTo(staffHelper.id().toString());
	}

	// ---- 申诉

	@Test
	void anUpheldAppealRevisesRatingAndHoursOnceEvenWhenTwoStaffDecideAtTheSameMoment() throws Exception {
		Tree tree = world.tree();
		User servingStaff = staffVolunteer(tree.station());
		Team team = world.team(tree.station(), 2, servingStaff,
				List.of(user("队员甲", "RESIDENT", "VOLUNTEER"), user("队员乙", "RESIDENT", "VOLUNTEER")), "ELDERLY");
		User resident = resident();
		User reviewer = staff(tree.station());
		UUID id = world.place(resident, "ELDERLY", tree.station());
		world.post(resident, id, "appeal", Map.of("reason", "太早了"), 409);
		world.evaluateWith(team, id, resident, reviewer, 2, 3);

		world.post(resident(), id, "appeal", Map.of("reason", "不是我的订单"), 403);
		world.post(reviewer, id, "appeal", Map.of("reason", "工作人员不能申诉"), 403);
		JsonNode blank = world.post(resident, id, "appeal", Map.of("reason", "  "), 400);
		assertThat(blank.get("errors").get(0).get("field").asString()).isEqualTo("reason");
		world.post(reviewer, id, "appeal/decision", Map.of("upheld", true, "note", "尚无申诉"), 409);
		JsonNode appealed = world.post(resident, id, "appeal", Map.of("reason", "服务只做了一半"), 201);
		assertThat(appealed.get("appeal").get("status").asString()).isEqualTo("OPEN");
		JsonNode twice = world.post(resident, id, "appeal", Map.of("reason", "再申诉一次"), 409);
		assertThat(twice.get("detail").asString()).contains("已申诉过");
		orderEvents.awaitOne(OrderAppealed.class, e -> e.data().orderId().equals(id), WAIT);

		UUID member = team.member(0).id();
		Map<String, Object> decision = new LinkedHashMap<>();
		decision.put("upheld", true);
		decision.put("note", "回访核实，服务时长与质量均有出入");
		decision.put("staffRating", 5);
		decision.put("approvedHours", List.of(Map.of("volunteerId", member, "hours", 3)));
		JsonNode servedOn = world.post(servingStaff, id, "appeal/decision", decision, 403);
		assertThat(servedOn.get("detail").asString()).contains("参与了此订单的服务");
		world.post(staff(tree.otherStation()), id, "appeal/decision", decision, 403);
		world.post(resident, id, "appeal/decision", decision, 403);
		world.post(reviewer, id, "appeal/decision", Map.of("upheld", true, "note", "评分越界", "staffRating", 6), 400);
		world.post(reviewer, id, "appeal/decision", Map.of("upheld", false, "note", "驳回", "staffRating", 5), 400);
		world.post(reviewer, id, "appeal/decision", Map.of("upheld", true), 400);

		List<Integer> statuses = race(staff(tree.station()), staff(tree.institute()), id, decision);
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);

		JsonNode decided = world.get(resident, id);
		assertThat(decided.get("appeal").get("status").asString()).isEqualTo("UPHELD");
		assertThat(decided.get("appeal").get("decisionNote").asString()).isEqualTo("回访核实，服务时长与质量均有出入");
		// 0.6 × 2 + 0.4 × 5
		assertThat(decided.get("finalRating").decimalValue()).isEqualByComparingTo("3.2");
		assertThat(decided.get("hours").get(0).get("hours").decimalValue()).isEqualByComparingTo("3");
		assertThat(lastNote(decided)).startsWith("申诉成立，综合评分 3.20");
		assertThat(decided.get("status").asString()).isEqualTo("EVALUATED");

		AppealDecided event = orderEvents.awaitOne(AppealDecided.class, e -> e.data().orderId().equals(id), WAIT)
			.data();
		assertThat(event.upheld()).isTrue();
		assertThat(event.finalRating()).isEqualByComparingTo("3.2");
		assertThat(event.volunteers()).singleElement()
			.satisfies(h -> assertThat(h.approvedHours()).isEqualByComparingTo("3"))
			.satisfies(h -> assertThat(h.volunteerId()).isEqualTo(member));
		assertThat(event.evaluatedAt()).isNotNull();
		world.post(reviewer, id, "appeal/decision", decision, 409);
	}

	@Test
	void theAppealWindowClosesSevenDaysAfterEvaluationAndADismissalChangesNothingElse() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 3, "ELDERLY");
		User resident = resident();
		User reviewer = staff(tree.station());
		UUID late = world.place(resident, "ELDERLY", tree.station());
		world.evaluateWith(team, late, resident, reviewer, 3, 3);
		UUID inTime = world.place(resident, "ELDERLY", tree.station());
		world.evaluateWith(team, inTime, resident, reviewer, 4, 4);

		backdate(late, 8 * 24 * 60);
		backdate(inTime, 6 * 24 * 60 + 23 * 60);
		JsonNode tooLate = world.post(resident, late, "appeal", Map.of("reason", "第 8 天才想起来"), 409);
		assertThat(tooLate.get("status").asInt()).isEqualTo(409);
		assertThat(tooLate.get("detail").asString()).contains("7 天内");
		assertThat(world.get(resident, late).get("appeal").isNull()).isTrue();

		world.post(resident, inTime, "appeal", Map.of("reason", "评分不公"), 201);
		JsonNode dismissed = world.post(admin(), inTime, "appeal/decision", Map.of("upheld", false, "note", "经核实评价属实"),
				200);
		assertThat(dismissed.get("appeal").get("status").asString()).isEqualTo("DISMISSED");
		assertThat(dismissed.get("finalRating").decimalValue()).isEqualByComparingTo("4");
		assertThat(lastNote(dismissed)).isEqualTo("申诉驳回：经核实评价属实");
		assertThat(
				orderEvents.awaitOne(AppealDecided.class, e -> e.data().orderId().equals(inTime), WAIT).data().upheld())
			.isFalse();
	}

	// ---- helpers

	private List<Integer> race(User first, User second, UUID id, Map<String, Object> decision) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> answers = new ArrayList<>();
			for (User staff : List.of(first, second)) {
				Callable<Integer> call = () -> {
					start.await();
					return world.http()
						.post()
						.uri("/api/orders/" + id + "/appeal/decision")
						.headers(h -> h.setBearerAuth(staff.token()))
						.bodyValue(decision)
						.exchange()
						.returnResult(String.class)
						.getStatus()
						.value();
				};
				answers.add(pool.submit(call));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void backdate(UUID orderId, int minutes) {
		world.call(admin(), "POST", "/api/orders/demo/backdate",
				Map.of("orders", List.of(Map.of("orderId", orderId, "minutes", minutes))), 200);
	}

	private Map<String, Object> helpingBody(UUID station, String name, String phone) {
		Map<String, Object> body = world.orderBody("ELDERLY", station);
		body.put("beneficiary", Map.of("name", name, "phone", phone));
		return body;
	}

	/** An account that volunteer-service announced, with its phone. */
	private User account(String name, String phone) {
		User user = resident();
		volunteerEvents.publish(EventEnvelope.of("/volunteer-service", new UserRegistered(user.id(), name, phone)));
		await().atMost(WAIT)
			.until(() -> world
				.count("SELECT count(*) AS n FROM account_phone WHERE user_id = '" + user.id() + "'") == 1);
		return user;
	}

	/** A volunteer registered at {@code station}, as volunteer-service announces it. */
	private User volunteerOf(UUID station, String name) {
		User user = user(name, "RESIDENT", "VOLUNTEER");
		volunteerEvents.publish(EventEnvelope.of("/volunteer-service", new VolunteerRegistered(user.id(),
				"V" + user.id().toString().substring(0, 6), name, station, List.of())));
		await().atMost(WAIT)
			.until(() -> world
				.count("SELECT count(*) AS n FROM volunteer_station WHERE user_id = '" + user.id() + "'") == 1);
		return user;
	}

	private static String phone() {
		return "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").forEach(order -> ids.add(order.get("id").asString()));
		return ids;
	}

	private static String lastNote(JsonNode order) {
		JsonNode history = order.get("history");
		return history.get(history.size() - 1).get("note").asString();
	}

	static BigDecimal decimal(String value) {
		return new BigDecimal(value);
	}

}
