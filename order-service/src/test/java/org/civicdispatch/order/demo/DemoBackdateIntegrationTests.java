package org.civicdispatch.order.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
import static org.awaitility.Awaitility.await;
import static org.civicdispatch.order.OrderWorld.admin;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * With demo data asked for ({@code CIVIC_DEMO_DATA=true}), the administrator moves orders
 * back in time: every time of the order and its history by the same amount, and an
 * accepted order whose due time thereby passed is flagged overdue. (Without the setting
 * the path is 404: {@code OrderLifecycleIntegrationTests}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.demo.enabled=true", "civic.sweep.interval=200ms" })
@WithRealInfra
class DemoBackdateIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final String BACKDATE = "/api/orders/demo/backdate";

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
		world = new OrderWorld(WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build(), db, volunteerEvents);
	}

	@Test
	void anEvaluatedOrderMovesBackWithEveryTimeItHas() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		User resident = resident();
		UUID id = world.place(resident, "ELDERLY", tree.station());
		world.evaluateWith(team, id, resident, staff(tree.station()), 5, 4);
		JsonNode before = world.get(admin(), id);

		int minutes = 30 * 24 * 60 + 17;
		JsonNode answer = world.call(admin(), "POST", BACKDATE,
				Map.of("orders", List.of(Map.of("orderId", id, "minutes", minutes))), 200);
		assertThat(answer.get("shifted").asInt()).isEqualTo(1);

		JsonNode after = world.get(admin(), id);
		Duration shift = Duration.ofMinutes(minutes);
		for (String field : List.of("createdAt", "updatedAt", "dueAt")) {
			assertThat(time(after, field)).as(field).isEqualTo(time(before, field).minus(shift));
		}
		assertThat(after.get("history").size()).isEqualTo(before.get("history").size());
		for (int i = 0; i < before.get("history").size(); i++) {
			assertThat(time(after.get("history").get(i), "at")).as("history entry " + i)
				.isEqualTo(time(before.get("history").get(i), "at").minus(shift));
		}
		for (int i = 0; i < before.get("evaluations").size(); i++) {
			assertThat(time(after.get("evaluations").get(i), "at")).as("evaluation " + i)
				.isEqualTo(time(before.get("evaluations").get(i), "at").minus(shift));
		}
		assertThat(after.get("status").asString()).isEqualTo("EVALUATED");
		assertThat(after.get("finalRating").decimalValue()).isEqualByComparingTo("4.6");
		assertThat(Duration.between(time(after, "createdAt"), Instant.now())).isGreaterThan(Duration.ofDays(30));
		// acceptance moves with the rest: the figures still say it was taken within
		// minutes of placing
		LocalDate placed = LocalDate.ofInstant(time(after, "createdAt"), ZoneId.of("Asia/Shanghai"));
		JsonNode figures = world.call(admin(), "GET", "/api/stats/orders?orgUnitId=" + tree.station() + "&from="
				+ placed.minusDays(1) + "&to=" + placed.plusDays(2), null, 200);
		assertThat(figures.get("placed").asLong()).isEqualTo(1);
		assertThat(figures.get("minutesToAccept").get("p50").asDouble()).isBetween(0.0, 60.0);
	}

	@Test
	void theStepsOfAnOrderCanBeSpreadApart() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		User resident = resident();
		UUID id = world.place(resident, "ELDERLY", tree.station());
		world.evaluateWith(team, id, resident, staff(tree.station()), 5, 4);
		JsonNode before = world.get(admin(), id);
		int entries = before.get("history").size();

		int minutes = 10 * 24 * 60;
		int step = 45;
		world.call(admin(), "POST", BACKDATE,
				Map.of("orders", List.of(Map.of("orderId", id, "minutes", minutes, "stepMinutes", step))), 200);

		// each entry 45 minutes before the next; the order placed with the first, rated
		// with its entries
		JsonNode after = world.get(admin(), id);
		for (int i = 0; i < entries; i++) {
			assertThat(time(after.get("history").get(i), "at")).as("history entry " + i)
				.isEqualTo(time(before.get("history").get(i), "at")
					.minus(Duration.ofMinutes(minutes + (long) step * (entries - 1 - i))));
		}
		assertThat(time(after, "createdAt"))
			.isEqualTo(time(before, "createdAt").minus(Duration.ofMinutes(minutes + (long) step * (entries - 1))));
		assertThat(time(after, "updatedAt")).isEqualTo(time(before, "updatedAt").minus(Duration.ofMinutes(minutes)));
		int accepted = index(after, "ACCEPTED");
		assertThat(time(after, "dueAt")).isEqualTo(
				time(before, "dueAt").minus(Duration.ofMinutes(minutes + (long) step * (entries - 1 - accepted))));

		// the figures read the spread: accepted two steps (placed → dispatched →
		// accepted) after placing
		LocalDate placed = LocalDate.ofInstant(time(after, "createdAt"), ZoneId.of("Asia/Shanghai"));
		JsonNode figures = world.call(admin(), "GET", "/api/stats/orders?orgUnitId=" + tree.station() + "&from="
				+ placed.minusDays(1) + "&to=" + placed.plusDays(2), null, 200);
		assertThat(figures.get("minutesToAccept").get("p50").asDouble()).isBetween(step * accepted - 1.0,
				step * accepted + 1.0);

		// a negative or more-than-a-day spread is refused, and moves nothing
		world.call(admin(), "POST", BACKDATE,
				Map.of("orders", List.of(Map.of("orderId", id, "minutes", 5, "stepMinutes", -1))), 400);
		world.call(admin(), "POST", BACKDATE,
				Map.of("orders", List.of(Map.of("orderId", id, "minutes", 5, "stepMinutes", 24 * 60 + 1))), 400);
		assertThat(time(world.get(admin(), id), "createdAt")).isEqualTo(time(after, "createdAt"));
	}

	private static int index(JsonNode order, String action) {
		JsonNode history = order.get("history");
		for (int i = 0; i < history.size(); i++) {
			if (action.equals(history.get(i).get("action").asString())) {
				return i;
			}
		}
		throw new AssertionError("no " + action + " in the history");
	}

	@Test
	void anAcceptedOrderMovedPastItsDueTimeIsFlaggedOverdue() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "LAW");
		UUID id = world.place(resident(), "LAW", tree.station());
		world.awaitDispatchedTo(id, team);
		world.accept(team, id);
		assertThat(world.get(admin(), id).get("overdue").asBoolean()).isFalse();

		// the SLA is 72 hours: four days back puts the due time a day in the past
		world.call(admin(), "POST", BACKDATE, Map.of("orders", List.of(Map.of("orderId", id, "minutes", 4 * 24 * 60))),
				200);

		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode order = world.get(admin(), id);
			assertThat(order.get("overdue").asBoolean()).isTrue();
			assertThat(order.get("status").asString()).isEqualTo("ACCEPTED");
			assertThat(time(order, "dueAt")).isBefore(Instant.now().minus(Duration.ofHours(23)));
		});
	}

	@Test
	void onlyTheAdministratorMovesOrdersAndAnUnknownOrderMovesNothing() {
		Tree tree = world.tree();
		world.team(tree.station(), 2, "CULTURE");
		UUID id = world.place(resident(), "CULTURE", tree.station());
		JsonNode before = world.get(admin(), id);
		Map<String, Object> body = Map.of("orders", List.of(Map.of("orderId", id, "minutes", 60)));

		world.call(staff(tree.centre()), "POST", BACKDATE, body, 403);
		JsonNode unknown = world.call(admin(), "POST", BACKDATE, Map.of("orders",
				List.of(Map.of("orderId", id, "minutes", 60), Map.of("orderId", UUID.randomUUID(), "minutes", 60))),
				400);
		assertThat(unknown.get("detail").asString()).contains("订单不存在");
		world.call(admin(), "POST", BACKDATE, Map.of("orders", List.of(Map.of("orderId", id, "minutes", 0))), 400);
		world.call(admin(), "POST", BACKDATE, Map.of("orders", List.of()), 400);

		assertThat(time(world.get(admin(), id), "createdAt")).isEqualTo(time(before, "createdAt"));
	}

	private static Instant time(JsonNode node, String field) {
		return Instant.parse(node.get(field).asString());
	}

}
