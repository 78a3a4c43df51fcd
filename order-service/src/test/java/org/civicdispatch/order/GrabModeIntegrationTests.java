package org.civicdispatch.order;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.Topics;
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
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * 抢单 through order-service's HTTP API: staff switch a station to GRAB; a placed order
 * waits in the pool of the teams that could take it, one leader claims it and the others
 * are refused; an order nobody claims within the window, or left in the pool when the
 * station goes back to AUTO, is dispatched as usual; capacity and the eligibility of
 * automatic dispatch hold; bad settings are 400s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.sweep.interval=200ms")
@WithRealInfra
class GrabModeIntegrationTests {

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	OrderWorld world;

	Tree tree;

	User staff;

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
		world = new OrderWorld(WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.build(), db, volunteerEvents);
		tree = world.tree();
		staff = staff(tree.station());
	}

	private JsonNode setMode(User user, UUID station, Map<String, Object> body, int status) {
		return world.call(user, "PUT", "/api/dispatch/stations/" + station, body, status);
	}

	private JsonNode pool(User leader) {
		return world.call(leader, "GET", "/api/orders/pool", null, 200);
	}

	private JsonNode claim(User leader, UUID order, Team team, int status) {
		return world.post(leader, order, "claim",
				Map.of("teamId", team.id(), "volunteerIds", List.of(team.member(0).id())), status);
	}

	/** Waits a few sweeps, to see that the dispatcher leaves the order alone. */
	private void sweepsPass() {
		long before = System.nanoTime();
		await().pollDelay(java.time.Duration.ofMillis(1200)).until(() -> System.nanoTime() - before > 1_000_000_000L);
	}

	@Test
	void inGrabModeTheEligibleTeamsSeeTheOrderAndExactlyOneClaimsIt() {
		JsonNode auto = world.call(resident(), "GET", "/api/dispatch/stations/" + tree.station(), null, 200);
		assertThat(auto.get("mode").asString()).isEqualTo("AUTO");
		JsonNode grab = setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 10), 200);
		assertThat(grab.get("mode").asString()).isEqualTo("GRAB");
		assertThat(grab.get("grabWindowMinutes").asInt()).isEqualTo(10);

		Team near = world.team(tree.station(), 2, "ELDERLY");
		Team above = world.team(tree.institute(), 2, "ELDERLY", "HEALTH");
		Team elsewhere = world.team(tree.otherStation(), 2, "ELDERLY");
		Team otherSkills = world.team(tree.station(), 2, "HEALTH");
		User resident = resident();
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		sweepsPass();
		assertThat(world.get(resident, orderId).get("status").asString()).isEqualTo("PLACED");

		// offered to the teams that could take it, without the resident's phone and
		// address
		JsonNode offered = pool(near.leader());
		assertThat(offered.get("totalItems").asLong()).isEqualTo(1);
		JsonNode item = offered.get("items").get(0);
		assertThat(item.get("id").asString()).isEqualTo(orderId.toString());
		assertThat(item.get("teamIds").get(0).asString()).isEqualTo(near.id().toString());
		assertThat(item.has("contactPhone")).isFalse();
		assertThat(item.get("grabUntil").asString()).isNotBlank();
		assertThat(pool(above.leader()).get("totalItems").asLong()).isEqualTo(1);
		assertThat(pool(elsewhere.leader()).get("totalItems").asLong()).isZero();
		assertThat(pool(otherSkills.leader()).get("totalItems").asLong()).isZero();
		assertThat(pool(near.member(0)).get("totalItems").asLong()).isZero();

		// teams that could not be dispatched the order may not grab it either; nor may a
		// member
		claim(elsewhere.leader(), orderId, elsewhere, 403);
		claim(otherSkills.leader(), orderId, otherSkills, 403);
		claim(near.member(0), orderId, near, 403);
		world.post(near.leader(), orderId, "claim",
				Map.of("teamId", near.id(), "volunteerIds", List.of(elsewhere.member(0).id())), 400);
		world.post(near.leader(), orderId, "claim", Map.of("volunteerIds", List.of(near.member(0).id())), 400);
		world.post(near.leader(), UUID.randomUUID(), "claim",
				Map.of("teamId", near.id(), "volunteerIds", List.of(near.member(0).id())), 404);

		JsonNode won = claim(above.leader(), orderId, above, 200);
		assertThat(won.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(won.get("teamId").asString()).isEqualTo(above.id().toString());
		assertThat(won.get("contactPhone").asString()).isEqualTo("13812340000");
		assertThat(won.get("history").get(1).get("note").asString()).isEqualTo("抢单");
		assertThat(claim(near.leader(), orderId, near, 409).get("detail").asString()).contains("已被其他服务队抢到");
		assertThat(pool(near.leader()).get("totalItems").asLong()).isZero();
		assertThat(world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + above.id() + "'"))
			.isEqualTo(1);
		assertThat(world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + near.id() + "'")).isZero();
		// the winner carries on as after any accept
		world.post(above.member(0), orderId, "start", null, 200);
	}

	@Test
	void theLeadersOfTheTeamsThatCouldTakeItHearOfThePoolOnTheLiveStream() {
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 10), 200);
		Team near = world.team(tree.station(), 2, "ELDERLY");
		Team above = world.team(tree.centre(), 2, "ELDERLY");
		Team elsewhere = world.team(tree.otherStation(), 2, "ELDERLY");
		String url = "http://localhost:" + port;
		try (EventStreamClient nearLeader = EventStreamClient.open(url, near.leader().token()).connected();
				EventStreamClient aboveLeader = EventStreamClient.open(url, above.leader().token()).connected();
				EventStreamClient member = EventStreamClient.open(url, near.member(0).token()).connected();
				EventStreamClient otherLeader = EventStreamClient.open(url, elsewhere.leader().token()).connected()) {
			UUID orderId = world.place(resident(), "ELDERLY", tree.station());
			await().atMost(OrderWorld.WAIT)
				.untilAsserted(() -> assertThat(aboveLeader.events("pool", orderId)).hasSize(1));
			assertThat(nearLeader.events("pool", orderId)).hasSize(1);
			assertThat(nearLeader.events("pool", orderId).getFirst().json().get("status").asString())
				.isEqualTo("PLACED");

			// grabbed: it leaves everyone's pool
			claim(near.leader(), orderId, near, 200);
			await().atMost(OrderWorld.WAIT)
				.untilAsserted(() -> assertThat(aboveLeader.events("pool", orderId)).hasSize(2));
			assertThat(aboveLeader.events("pool", orderId).getLast().json().get("status").asString())
				.isEqualTo("ACCEPTED");
			// nobody else hears of the pool: not a member, not the leader of a team of
			// another station
			assertThat(member.events("pool", orderId)).isEmpty();
			assertThat(otherLeader.events("pool", orderId)).isEmpty();
			assertThat(otherLeader.events("order", orderId)).isEmpty();
		}
		// in AUTO nothing goes to the pool
		setMode(staff, tree.station(), Map.of("mode", "AUTO"), 200);
		try (EventStreamClient nearLeader = EventStreamClient.open(url, near.leader().token()).connected()) {
			UUID orderId = world.place(resident(), "ELDERLY", tree.station());
			await().atMost(OrderWorld.WAIT)
				.untilAsserted(() -> assertThat(nearLeader.events("dispatch", orderId)).hasSize(1));
			assertThat(nearLeader.events("pool", orderId)).isEmpty();
		}
	}

	@Test
	void anOrderNobodyClaimsIsDispatchedAfterTheWindowOrWhenTheStationGoesBackToAuto() {
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 5), 200);
		Team team = world.team(tree.station(), 3, "ELDERLY");
		UUID late = world.place(resident(), "ELDERLY", tree.station());
		UUID left = world.place(resident(), "ELDERLY", tree.station());
		sweepsPass();
		assertThat(pool(team.leader()).get("totalItems").asLong()).isEqualTo(2);

		// five minutes later (the clock moved by putting the order back in time)
		world.execute(
				"UPDATE service_order SET created_at = created_at - interval '6 minutes' WHERE id = '" + late + "'");
		world.awaitDispatchedTo(late, team);
		assertThat(world.get(OrderWorld.admin(), left).get("status").asString()).isEqualTo("PLACED");
		assertThat(pool(team.leader()).get("items").findValuesAsString("id")).containsExactly(left.toString());
		claim(team.leader(), late, team, 409);

		JsonNode auto = setMode(staff, tree.station(), Map.of("mode", "AUTO"), 200);
		assertThat(auto.get("mode").asString()).isEqualTo("AUTO");
		assertThat(auto.get("grabWindowMinutes").asInt()).isEqualTo(5);
		world.awaitDispatchedTo(left, team);
		assertThat(pool(team.leader()).get("totalItems").asLong()).isZero();

		// in AUTO a placed order is dispatched, never grabbed
		UUID placed = world.place(resident(), "ELDERLY", tree.station());
		world.awaitDispatchedTo(placed, team);
		claim(team.leader(), placed, team, 409);
	}

	@Test
	void aFullTeamNeitherSeesNorGrabs() {
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 30), 200);
		Team small = world.team(tree.station(), 1, "ELDERLY");
		UUID first = world.place(resident(), "ELDERLY", tree.station());
		UUID second = world.place(resident(), "ELDERLY", tree.station());
		claim(small.leader(), first, small, 200);
		assertThat(pool(small.leader()).get("totalItems").asLong()).isZero();
		assertThat(claim(small.leader(), second, small, 409).get("detail").asString()).contains("满员");
		assertThat(world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + small.id() + "'"))
			.isEqualTo(1);
		assertThat(world.get(OrderWorld.admin(), second).get("status").asString()).isEqualTo("PLACED");
	}

	@Test
	void onlyStaffOverTheStationSetItsModeAndBadSettingsAreRefused() {
		Map<String, Object> grab = Map.of("mode", "GRAB", "grabWindowMinutes", 15);
		setMode(resident(), tree.station(), grab, 403);
		setMode(staff(tree.otherStation()), tree.station(), grab, 403);
		Team team = world.team(tree.station(), 2, "ELDERLY");
		setMode(team.leader(), tree.station(), grab, 403);
		setMode(staff, UUID.randomUUID(), grab, 404);
		setMode(staff(tree.institute()), tree.institute(), grab, 404);
		world.call(null, "PUT", "/api/dispatch/stations/" + tree.station(), grab, 401);

		JsonNode problem = setMode(staff, tree.station(), Map.of("mode", "GRAB"), 400);
		assertThat(problem.get("errors").findValuesAsString("field")).contains("grabWindowMinutes");
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 0), 400);
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 1441), 400);
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", 1.5), 400);
		setMode(staff, tree.station(), Map.of("mode", "GRAB", "grabWindowMinutes", "10"), 400);
		setMode(staff, tree.station(), Map.of("mode", "MANUAL", "grabWindowMinutes", 10), 400);
		setMode(staff, tree.station(), Map.of("grabWindowMinutes", 10), 400);
		world.call(staff, "GET", "/api/orders/pool?size=101", null, 400);
		world.call(staff, "GET", "/api/orders/pool?page=-1", null, 400);
		assertThat(
				world.call(staff, "GET", "/api/dispatch/stations/" + tree.station(), null, 200).get("mode").asString())
			.isEqualTo("AUTO");

		JsonNode set = setMode(staff(tree.centre()), tree.station(), grab, 200);
		assertThat(set.get("updatedAt").isNull()).isFalse();
		assertThat(world.call(resident(), "GET", "/api/dispatch/stations/" + tree.station(), null, 200)
			.get("grabWindowMinutes")
			.asInt()).isEqualTo(15);
		world.call(resident(), "GET", "/api/dispatch/stations/" + UUID.randomUUID(), null, 404);
	}

}
