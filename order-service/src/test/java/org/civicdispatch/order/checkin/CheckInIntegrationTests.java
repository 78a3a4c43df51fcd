package org.civicdispatch.order.checkin;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
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
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * 签到 / 签退: the resident's short-lived code, the assigned volunteers checking in and out
 * with it, the codes that are refused (wrong, another order's, expired, replayed), and
 * the hours bounded by the time between check-in and check-out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfra
class CheckInIntegrationTests {

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	OrderWorld world;

	@BeforeAll
	static void probes() {
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbes() {
		volunteerEvents.close();
	}

	@BeforeEach
	void world() {
		WebTestClient http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		world = new OrderWorld(http, db, volunteerEvents);
	}

	/** An order dispatched to {@code team} and accepted with both members assigned. */
	private UUID acceptedOrder(Tree tree, Team team, User resident) {
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		world.awaitDispatchedTo(orderId, team);
		world.post(team.leader(), orderId, "accept",
				Map.of("volunteerIds", List.of(team.member(0).id(), team.member(1).id())), 200);
		return orderId;
	}

	private String code(User resident, UUID orderId) {
		JsonNode code = world.call(resident, "GET", "/api/orders/" + orderId + "/check-in-code", null, 200);
		Instant expiresAt = Instant.parse(code.get("expiresAt").asString());
		assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(4)),
				Instant.now().plus(Duration.ofMinutes(6)));
		String text = code.get("code").asString();
		assertThat(text).as("short and typeable").matches("[2-9A-HJ-NP-Z]{8}");
		return text;
	}

	private JsonNode checkIn(User volunteer, UUID orderId, String code, String type, int status) {
		return world.post(volunteer, orderId, "check-ins", Map.of("code", code, "type", type), status);
	}

	@Test
	void aVolunteerChecksInAndOutWithTheResidentsCodeAndTheOrderShowsIt() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		User resident = resident();
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		world.awaitDispatchedTo(orderId, team);
		world.call(resident, "GET", "/api/orders/" + orderId + "/check-in-code", null, 409);
		world.post(team.leader(), orderId, "accept", Map.of("volunteerIds", List.of(team.member(0).id())), 200);

		world.call(team.member(0), "GET", "/api/orders/" + orderId + "/check-in-code", null, 403);
		String in = code(resident, orderId);
		// typed from the screen: lower case, with a space in the middle
		JsonNode checkedIn = checkIn(team.member(0), orderId, in.substring(0, 4).toLowerCase() + " " + in.substring(4),
				"IN", 201);
		assertThat(checkedIn.get("volunteerId").asString()).isEqualTo(team.member(0).id().toString());
		assertThat(checkedIn.get("type").asString()).isEqualTo("IN");

		world.post(team.member(0), orderId, "start", null, 200);
		String out = code(resident, orderId);
		checkIn(team.member(0), orderId, out, "OUT", 201);

		JsonNode order = world.get(resident, orderId);
		assertThat(order.get("checkIns").valueStream().map(c -> c.get("type").asString())).containsExactly("IN", "OUT");
		assertThat(order.get("checkIns").valueStream().map(c -> c.get("volunteerId").asString()))
			.containsOnly(team.member(0).id().toString());
		assertThat(order.get("history").valueStream().map(h -> h.get("action").asString()))
			.containsSubsequence("ACCEPTED", "CHECKED_IN", "STARTED", "CHECKED_OUT");
		JsonNode entry = order.get("history")
			.valueStream()
			.filter(h -> h.get("action").asString().equals("CHECKED_IN"))
			.findFirst()
			.orElseThrow();
		assertThat(entry.get("actorId").asString()).isEqualTo(team.member(0).id().toString());
	}

	@Test
	void wrongExpiredReplayedAndOtherOrdersCodesAreRefusedAndRecordNothing() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 3, "ELDERLY");
		User resident = resident();
		User neighbour = resident();
		UUID orderId = acceptedOrder(tree, team, resident);
		UUID otherOrder = acceptedOrder(tree, team, neighbour);
		User volunteer = team.member(0);

		String otherCode = code(neighbour, otherOrder);
		JsonNode problem = checkIn(volunteer, orderId, otherCode, "IN", 422);
		assertThat(problem.get("detail").asString()).contains("不是本订单");
		checkIn(volunteer, orderId, "ABCD2345", "IN", 422);

		String expired = code(resident, orderId);
		world.execute("UPDATE check_in_code SET expires_at = now() - interval '1 second' WHERE code = '" + expired
				+ "' AND order_id = '" + orderId + "'");
		assertThat(checkIn(volunteer, orderId, expired, "IN", 422).get("detail").asString()).contains("过期");

		String code = code(resident, orderId);
		checkIn(volunteer, orderId, code, "IN", 201);
		// the same code again, for the check-out: a replay
		assertThat(checkIn(volunteer, orderId, code, "OUT", 422).get("detail").asString()).contains("已使用");
		// in twice in a row, with a fresh code
		checkIn(volunteer, orderId, code(resident, orderId), "IN", 409);
		// the other assigned volunteer may use the same code at the door, once
		checkIn(team.member(1), orderId, code, "IN", 201);

		assertThat(world.get(resident, orderId).get("checkIns")).hasSize(2);
		assertThat(world.get(neighbour, otherOrder).get("checkIns")).isEmpty();
	}

	@Test
	void onlyAnAssignedVolunteerChecksInAndNobodyChecksOutBeforeCheckingIn() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		User resident = resident();
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		world.awaitDispatchedTo(orderId, team);
		world.post(team.leader(), orderId, "accept", Map.of("volunteerIds", List.of(team.member(0).id())), 200);
		String code = code(resident, orderId);

		checkIn(team.member(1), orderId, code, "IN", 403);
		checkIn(team.leader(), orderId, code, "IN", 403);
		checkIn(resident(), orderId, code, "IN", 403);
		checkIn(staff(tree.station()), orderId, code, "IN", 403);
		assertThat(checkIn(team.member(0), orderId, code, "OUT", 409).get("detail").asString()).contains("尚未签到");
		world.post(team.member(0), orderId, "check-ins", Map.of("code", code, "type", "LATER"), 400);
		world.post(team.member(0), orderId, "check-ins", Map.of("type", "IN"), 400);
		world.call(team.member(0), "POST", "/api/orders/" + UUID.randomUUID() + "/check-ins",
				Map.of("code", code, "type", "IN"), 404);
		world.call(resident, "GET", "/api/orders/" + UUID.randomUUID() + "/check-in-code", null, 404);
		assertThat(world.get(resident, orderId).get("checkIns")).isEmpty();
	}

	@Test
	void hoursOfAVolunteerWhoCheckedInAndOutAreBoundedByTheTimeInBetweenRoundedUpToTheHalfHour() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		User resident = resident();
		UUID orderId = acceptedOrder(tree, team, resident);
		User checked = team.member(0);
		User unchecked = team.member(1);
		checkIn(checked, orderId, code(resident, orderId), "IN", 201);
		world.post(checked, orderId, "start", null, 200);
		checkIn(checked, orderId, code(resident, orderId), "OUT", 201);
		// 1 h 10 min at the door: rounded up, at most 1.5 h
		world.execute("UPDATE order_history SET at = at - interval '70 minutes' WHERE order_id = '" + orderId
				+ "' AND action = 'CHECKED_IN'");

		JsonNode problem = world.post(team.leader(), orderId, "complete",
				Map.of("summary", "已完成", "hours",
						List.of(Map.of("volunteerId", unchecked.id(), "hours", new BigDecimal("6")),
								Map.of("volunteerId", checked.id(), "hours", new BigDecimal("1.75")))),
				400);
		JsonNode error = problem.get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo("hours[1].hours");
		assertThat(error.get("message").asString()).contains(checked.id().toString()).contains("1.5 小时");
		assertThat(world.get(resident, orderId).get("status").asString()).isEqualTo("IN_SERVICE");

		JsonNode completed = world.post(team.leader(), orderId, "complete",
				Map.of("summary", "已完成", "hours",
						List.of(Map.of("volunteerId", unchecked.id(), "hours", new BigDecimal("6")),
								Map.of("volunteerId", checked.id(), "hours", new BigDecimal("1.5")))),
				200);
		assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
		world.call(resident, "GET", "/api/orders/" + orderId + "/check-in-code", null, 409);
	}

}
