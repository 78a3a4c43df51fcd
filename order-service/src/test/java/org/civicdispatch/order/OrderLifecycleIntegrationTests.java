package org.civicdispatch.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.OrderAccepted;
import org.civicdispatch.events.OrderCompleted;
import org.civicdispatch.events.OrderDispatched;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.events.OrderStarted;
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
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * The order loop over real HTTP, PostgreSQL and Kafka, with the default (long) accept timeout:
 * the whole flow and its events, every dispatch rule, idempotent placing, who may do what, and
 * what each reader sees.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.sweep.interval=300ms")
@WithRealInfra
class OrderLifecycleIntegrationTests {

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
		WebTestClient http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		world = new OrderWorld(http, db, volunteerEvents);
	}

	@Test
	void wholeFlowFromPlacedToEvaluatedPublishesEveryEvent() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ELDERLY");
		User resident = resident();
		User staff = staff(tree.institute());

		UUID id = world.place(resident, "ELDERLY", tree.station());
		JsonNode dispatched = world.awaitDispatchedTo(id, team);
		assertThat(dispatched.get("acceptDeadline").isNull()).isFalse();

		JsonNode accepted = world.post(team.leader(), id, "accept",
				Map.of("volunteerIds", List.of(team.member(0).id(), team.member(1).id())), 200);
		assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(accepted.get("dueAt").isNull()).isFalse();
		assertThat(world.post(team.member(1), id, "start", null, 200).get("status").asString()).isEqualTo("IN_SERVICE");
		world.post(team.leader(), id, "complete", Map.of("summary", "陪同就医，送回家中", "hours",
				List.of(Map.of("volunteerId", team.member(0).id(), "hours", 3),
						Map.of("volunteerId", team.member(1).id(), "hours", 2.5))),
				200);
		JsonNode rated = world.post(resident, id, "evaluations", Map.of("rating", 5, "comment", "非常贴心"), 200);
		assertThat(rated.get("status").asString()).isEqualTo("COMPLETED");
		JsonNode evaluated = world.post(staff, id, "evaluations", Map.of("rating", 4, "approvedHours",
				List.of(Map.of("volunteerId", team.member(1).id(), "hours", 2))), 200);

		assertThat(evaluated.get("status").asString()).isEqualTo("EVALUATED");
		assertThat(evaluated.get("finalRating").decimalValue()).isEqualByComparingTo("4.6");
		JsonNode order = world.get(resident, id);
		assertThat(order.get("history").valueStream().map(h -> h.get("action").asString()).toList()).containsExactly(
				"PLACED", "DISPATCHED", "ACCEPTED", "STARTED", "COMPLETED", "RESIDENT_EVALUATED", "STAFF_EVALUATED",
				"EVALUATED");
		assertThat(order.get("history").get(2).get("actorId").asString()).isEqualTo(team.leader().id().toString());
		assertThat(order.get("evaluations").size()).isEqualTo(2);

		orderEvents.awaitOne(OrderPlaced.class, e -> e.data().orderId().equals(id), WAIT);
		assertThat(orderEvents.awaitOne(OrderDispatched.class, e -> e.data().orderId().equals(id), WAIT).data().teamId())
			.isEqualTo(team.id());
		orderEvents.awaitOne(OrderAccepted.class, e -> e.data().orderId().equals(id), WAIT);
		orderEvents.awaitOne(OrderStarted.class, e -> e.data().orderId().equals(id), WAIT);
		orderEvents.awaitOne(OrderCompleted.class, e -> e.data().orderId().equals(id), WAIT);
		OrderEvaluated done = orderEvents.awaitOne(OrderEvaluated.class, e -> e.data().orderId().equals(id), WAIT).data();
		assertThat(done.finalRating()).isEqualByComparingTo("4.60");
		assertThat(done.teamId()).isEqualTo(team.id());
		assertThat(done.stationId()).isEqualTo(tree.station());
		assertThat(done.volunteers()).extracting(h -> h.volunteerId(), h -> h.approvedHours().stripTrailingZeros())
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(team.member(0).id(), new BigDecimal("3")),
					org.assertj.core.groups.Tuple.tuple(team.member(1).id(), new BigDecimal("2")));
		List<ConsumerRecord<String, String>> records = orderEvents.records(Topics.ORDER_EVENTS)
			.stream()
			.filter(r -> r.value().contains(id.toString()))
			.toList();
		assertThat(records).hasSize(6).allSatisfy(r -> assertThat(r.key()).isEqualTo(id.toString()));
	}

}
