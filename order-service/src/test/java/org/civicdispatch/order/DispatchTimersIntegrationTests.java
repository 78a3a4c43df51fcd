package org.civicdispatch.order;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.OrderOverdue;
import org.civicdispatch.events.OrderRejected;
import org.civicdispatch.events.OrderUnassigned;
import org.civicdispatch.events.Topics;
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
 * The timers, with short settings: the accept deadline that passes into the next team,
 * the overdue flag raised once, the staff review that closes an order when the resident
 * stays silent, and Idempotency-Keys that are forgotten after their retention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.dispatch.accept-timeout=4s", "civic.evaluation.resident-window=3s",
				"civic.sweep.interval=200ms", "civic.orders.idempotency-retention=2s" })
@WithRealInfra
class DispatchTimersIntegrationTests {

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
			.build(), db, volunteerEvents);
	}

	@Test
	void aMissedAcceptDeadlineSendsTheOrderToTheNextTeam() {
		Tree tree = world.tree();
		Team near = world.team(tree.station(), 1, "SCIENCE");
		Team far = world.team(tree.centre(), 1, "SCIENCE");
		UUID id = world.place(resident(), "SCIENCE", tree.station());
		world.awaitDispatchedTo(id, near);

		OrderRejected timedOut = orderEvents
			.awaitOne(OrderRejected.class, e -> e.data().orderId().equals(id) && e.data().teamId().equals(near.id()),
					WAIT)
			.data();
		assertThat(timedOut.timedOut()).isTrue();
		world.awaitDispatchedTo(id, far);
		orderEvents.awaitOne(OrderRejected.class,
				e -> e.data().orderId().equals(id) && e.data().teamId().equals(far.id()) && e.data().timedOut(), WAIT);
		orderEvents.awaitOne(OrderUnassigned.class, e -> e.data().orderId().equals(id), WAIT);

		JsonNode order = world.awaitStatus(id, "UNASSIGNED");
		assertThat(order.get("history").valueStream().map(h -> h.get("action").asString())).containsExactly("PLACED",
				"DISPATCHED", "TIMED_OUT", "DISPATCHED", "TIMED_OUT", "UNASSIGNED");
		assertThat(world
			.count("SELECT sum(open_orders) AS n FROM team WHERE id IN ('" + near.id() + "', '" + far.id() + "')"))
			.isZero();
	}

	@Test
	void anOrderPastItsDueTimeIsFlaggedOverdueOnce() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 1, "LAW");
		UUID id = world.place(resident(), "LAW", tree.station());
		world.awaitDispatchedTo(id, team);
		world.accept(team, id);
		assertThat(world.get(team.leader(), id).get("overdue").asBoolean()).isFalse();

		// the SLA is counted in hours; move the due time instead of waiting for it
		world.execute("UPDATE service_order SET due_at = now() - interval '1 second' WHERE id = '" + id + "'");
		List<EventEnvelope<OrderOverdue>> overdue = orderEvents.awaitEvents(OrderOverdue.class,
				e -> e.data().orderId().equals(id), WAIT);
		assertThat(overdue).singleElement().satisfies(e -> assertThat(e.data().teamId()).isEqualTo(team.id()));
		JsonNode order = world.get(team.leader(), id);
		assertThat(order.get("overdue").asBoolean()).isTrue();
		assertThat(order.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(order.get("history").valueStream().map(h -> h.get("action").asString())).contains("OVERDUE");

		orderEvents.assertNoEvents(OrderOverdue.class,
				e -> e.data().orderId().equals(id) && !e.id().equals(overdue.get(0).id()), Duration.ofSeconds(1));
		assertThat(orderEvents.countOf(OrderOverdue.class, e -> e.data().orderId().equals(id))).isEqualTo(1);
	}

	@Test
	void theStaffReviewAloneClosesTheOrderWhenTheResidentStaysSilent() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 1, "CULTURE");
		User resident = resident();
		User staff = staff(tree.station());
		UUID id = world.place(resident, "CULTURE", tree.station());
		world.awaitDispatchedTo(id, team);
		world.acceptStartComplete(team, id);

		JsonNode reviewed = world.post(staff, id, "evaluations",
				Map.of("rating", 4, "approvedHours", List.of(Map.of("volunteerId", team.member(0).id(), "hours", 1.5))),
				200);
		assertThat(reviewed.get("status").asString()).isIn("COMPLETED", "EVALUATED");

		JsonNode closed = world.awaitStatus(id, "EVALUATED");
		assertThat(closed.get("finalRating").decimalValue()).isEqualByComparingTo("4");
		OrderEvaluated evaluated = orderEvents.awaitOne(OrderEvaluated.class, e -> e.data().orderId().equals(id), WAIT)
			.data();
		assertThat(evaluated.finalRating()).isEqualByComparingTo("4");
		assertThat(evaluated.volunteers()).singleElement()
			.satisfies(h -> assertThat(h.approvedHours()).isEqualByComparingTo("1.5"));
		world.post(resident, id, "evaluations", Map.of("rating", 5), 409);
	}

	@Test
	void anIdempotencyKeyIsForgottenAfterItsRetention() {
		Tree tree = world.tree();
		User resident = resident();
		String key = "old-" + UUID.randomUUID();
		Map<String, Object> body = world.orderBody("POLICY", tree.station());
		JsonNode first = world.placeWithKey(resident, body, key, 201);
		org.awaitility.Awaitility.await()
			.atMost(WAIT)
			.until(() -> world.count("SELECT count(*) AS n FROM idempotency_key WHERE key = '" + key + "'") == 0);
		JsonNode second = world.placeWithKey(resident, body, key, 201);
		assertThat(second.get("id").asString()).isNotEqualTo(first.get("id").asString());
	}

}
