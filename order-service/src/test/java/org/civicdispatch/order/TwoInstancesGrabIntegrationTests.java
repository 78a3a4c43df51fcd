package org.civicdispatch.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.civicdispatch.events.OrderAccepted;
import org.civicdispatch.events.OrderDispatched;
import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 抢单 across two order-service instances on one database: 20 leaders, half of them through
 * each instance, claim the same order at once; exactly one wins, the other 19 get 409,
 * and the winner's team alone holds a slot for it. Repeated for several orders, so that
 * the winner is not always the same instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.sweep.interval=200ms")
@WithRealInfra
class TwoInstancesGrabIntegrationTests {

	static final int LEADERS = 20;

	static final int ORDERS = 5;

	static EventProbe orderEvents;

	static EventProbe volunteerEvents;

	static SecondInstance second;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	Environment environment;

	@BeforeAll
	static void probes() {
		orderEvents = EventProbe.on(Topics.ORDER_EVENTS);
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void close() {
		if (second != null) {
			second.close();
		}
		orderEvents.close();
		volunteerEvents.close();
	}

	@Test
	void ofTwentyLeadersClaimingTheSameOrderOnTwoInstancesExactlyOneWins() {
		second = SecondInstance.startLike(environment, "civic.sweep.interval");
		OrderWorld world = new OrderWorld(
				WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
					.baseUrl("http://localhost:" + port)
					.build(),
				db, volunteerEvents);
		Tree tree = world.tree();
		world.call(OrderWorld.staff(tree.station()), "PUT", "/api/dispatch/stations/" + tree.station(),
				Map.of("mode", "GRAB", "grabWindowMinutes", 30), 200);
		List<Team> teams = new ArrayList<>();
		UUID[] levels = { tree.station(), tree.institute(), tree.centre() };
		for (int i = 0; i < LEADERS; i++) {
			teams.add(world.team(levels[i % levels.length], ORDERS, "ELDERLY"));
		}
		List<WebClient> instances = List.of(WebClient.create("http://localhost:" + port),
				WebClient.create(second.url()));
		// one request each first, so that neither instance meets the burst with no
		// signing keys cached
		for (WebClient instance : instances) {
			instance.get()
				.uri("/api/orders/pool")
				.headers(h -> h.setBearerAuth(teams.get(0).leader().token()))
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(30));
		}

		List<UUID> orders = new ArrayList<>();
		for (int round = 0; round < ORDERS; round++) {
			UUID orderId = world.place(OrderWorld.resident(), "ELDERLY", tree.station());
			orders.add(orderId);
			await().atMost(OrderWorld.WAIT)
				.until(() -> world.call(teams.get(0).leader(), "GET", "/api/orders/pool", null, 200)
					.get("items")
					.findValuesAsString("id")
					.contains(orderId.toString()));
			List<Map.Entry<Team, Integer>> answers = Flux.range(0, LEADERS)
				.flatMap(i -> instances.get(i % 2)
					.post()
					.uri("/api/orders/" + orderId + "/claim")
					.headers(h -> h.setBearerAuth(teams.get(i).leader().token()))
					.bodyValue(
							Map.of("teamId", teams.get(i).id(), "volunteerIds", List.of(teams.get(i).member(0).id())))
					.exchangeToMono(response -> response.releaseBody()
						.thenReturn(Map.entry(teams.get(i), response.statusCode().value()))), LEADERS)
				.collectList()
				.block(Duration.ofSeconds(60));
			Map<Integer, Long> byStatus = answers.stream()
				.collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
			assertThat(byStatus).as("answers to 20 claims of order %s", orderId).containsOnlyKeys(200, 409);
			assertThat(byStatus.get(200)).isEqualTo(1L);
			assertThat(byStatus.get(409)).isEqualTo(LEADERS - 1L);
			Team winner = answers.stream().filter(a -> a.getValue() == 200).findFirst().orElseThrow().getKey();
			assertThat(world.get(winner.leader(), orderId).get("teamId").asString()).isEqualTo(winner.id().toString());
		}

		// every slot taken belongs to an order won; each order was accepted once and
		// never dispatched
		String ids = orders.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));
		assertThat(world.count("SELECT count(*) AS n FROM service_order WHERE status = 'ACCEPTED' AND id IN " + ids))
			.isEqualTo(ORDERS);
		assertThat(world.count("SELECT coalesce(sum(open_orders), 0)::bigint AS n FROM team WHERE id IN "
				+ teams.stream().map(t -> "'" + t.id() + "'").collect(Collectors.joining(",", "(", ")"))))
			.isEqualTo(ORDERS);
		await().atMost(OrderWorld.WAIT)
			.until(() -> orderEvents.countOf(OrderAccepted.class, e -> orders.contains(e.data().orderId())) >= ORDERS);
		assertThat(orderEvents.events(OrderAccepted.class)
			.stream()
			.filter(e -> orders.contains(e.data().orderId()))
			.collect(Collectors.groupingBy(e -> e.data().orderId(), Collectors.counting()))
			.values()).hasSize(ORDERS).containsOnly(1L);
		assertThat(orderEvents.countOf(OrderDispatched.class, e -> orders.contains(e.data().orderId()))).isZero();
	}

}
