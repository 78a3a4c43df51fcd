package org.civicdispatch.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.civicdispatch.events.OrderDispatched;
import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two order-service instances on one database and one broker, in the same consumer group,
 * each taking half of 200 orders placed at once: no order is dispatched twice, no team
 * goes over its capacity, and the orders that found no room are dispatched once room
 * frees up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.sweep.interval=200ms")
@WithRealInfra
class TwoInstancesDispatchIntegrationTests {

	static final int ORDERS = 200;

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

	/**
	 * A second instance with the first one's database, broker, token issuer and consumer
	 * group.
	 */
	private int startSecondInstance() {
		second = SecondInstance.startLike(environment, "civic.sweep.interval");
		return second.port();
	}

	@Test
	void twoInstancesNeverDispatchAnOrderTwiceNorOverfillATeam() {
		int secondPort = startSecondInstance();
		OrderWorld world = new OrderWorld(
				WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
					.baseUrl("http://localhost:" + port)
					.build(),
				db, volunteerEvents);
		Tree tree = world.tree();
		List<Team> teams = new ArrayList<>();
		int[] capacities = { 3, 5, 8, 2, 10, 7, 15, 20, 9, 6 };
		UUID[] levels = { tree.station(), tree.institute(), tree.centre() };
		for (int i = 0; i < capacities.length; i++) {
			teams.add(world.team(levels[i % levels.length], capacities[i], "ELDERLY"));
		}
		int capacity = java.util.Arrays.stream(capacities).sum();
		Set<UUID> teamIds = teams.stream().map(Team::id).collect(Collectors.toSet());

		List<WebClient> instances = List.of(WebClient.create("http://localhost:" + port),
				WebClient.create("http://localhost:" + secondPort));
		// two orders each: a resident may hold at most three open orders at a station
		List<User> residents = Flux.range(0, ORDERS / 2).map(i -> OrderWorld.resident()).collectList().block();
		// one request each first, so that neither instance meets the burst with no
		// signing keys cached
		for (WebClient instance : instances) {
			instance.get()
				.uri("/api/orders?mine=true")
				.headers(h -> h.setBearerAuth(residents.get(0).token()))
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(30));
		}
		Map<String, Object> body = world.orderBody("ELDERLY", tree.station());
		// as the apps do: a 503 "服务繁忙" (no database connection within the pool's acquire
		// time, which a
		// loaded machine can reach with 40 placements at once) is tried again with the
		// same Idempotency-Key
		List<UUID> ids = Flux.range(0, ORDERS).flatMap(i -> {
			String key = UUID.randomUUID().toString();
			return Mono.defer(() -> instances.get(i % 2).post().uri("/api/orders").headers(h -> {
				h.setBearerAuth(residents.get(i % residents.size()).token());
				h.set("Idempotency-Key", key);
			}).bodyValue(body).retrieve().bodyToMono(JsonNode.class))
				.retryWhen(Retry.backoff(5, Duration.ofMillis(500))
					.filter(WebClientResponseException.ServiceUnavailable.class::isInstance))
				.map(order -> UUID.fromString(order.get("id").asString()));
		}, 40).collectList().block(Duration.ofSeconds(120));
		assertThat(ids).hasSize(ORDERS).doesNotHaveDuplicates();
		String inOrders = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(world
				.count("SELECT count(*) AS n FROM service_order WHERE status = 'DISPATCHED' AND id IN " + inOrders))
				.isEqualTo(capacity);
			assertThat(world
				.count("SELECT count(*) AS n FROM service_order WHERE status = 'UNASSIGNED' AND id IN " + inOrders))
				.isEqualTo(ORDERS - capacity);
		});
		assertWithinCapacity(world, teams);

		// room frees on both instances: as many waiting orders are dispatched, each for
		// the first time
		List<UUID> cancelled = new ArrayList<>();
		for (Team team : teams) {
			UUID one = db.sql("SELECT id FROM service_order WHERE team_id = :team AND status = 'DISPATCHED' LIMIT 1")
				.bind("team", team.id())
				.map(row -> row.get("id", UUID.class))
				.one()
				.block();
			cancelled.add(one);
		}
		Flux.fromIterable(cancelled)
			.index()
			.flatMap(t -> instances.get((int) (t.getT1() % 2))
				.post()
				.uri("/api/orders/" + t.getT2() + "/cancel")
				.headers(h -> h.setBearerAuth(residentOf(world, residents, t.getT2()).token()))
				.bodyValue(Map.of("reason", "不需要了"))
				.retrieve()
				.toBodilessEntity())
			.blockLast(Duration.ofSeconds(60));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(world
				.count("SELECT count(*) AS n FROM service_order WHERE status = 'DISPATCHED' AND id IN " + inOrders))
				.isEqualTo(capacity);
			assertThat(world
				.count("SELECT count(*) AS n FROM service_order WHERE status = 'UNASSIGNED' AND id IN " + inOrders))
				.isEqualTo(ORDERS - capacity - teams.size());
		});
		assertWithinCapacity(world, teams);

		// the events tell the same story: one dispatch per order, to one of these teams
		Set<UUID> ours = Set.copyOf(ids);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> orderEvents.countOf(OrderDispatched.class, e -> ours.contains(e.data().orderId())) >= capacity
					+ teams.size());
		Map<UUID, Long> dispatchesPerOrder = orderEvents.events(OrderDispatched.class)
			.stream()
			.filter(e -> ours.contains(e.data().orderId()))
			.peek(e -> assertThat(teamIds).contains(e.data().teamId()))
			.collect(Collectors.groupingBy(e -> e.data().orderId(), Collectors.counting()));
		assertThat(dispatchesPerOrder).hasSize(capacity + teams.size());
		assertThat(dispatchesPerOrder.values()).containsOnly(1L);
	}

	private static User residentOf(OrderWorld world, List<User> residents, UUID orderId) {
		UUID residentId = UUID.fromString(world.get(OrderWorld.admin(), orderId).get("residentId").asString());
		return residents.stream().filter(r -> r.id().equals(residentId)).findFirst().orElseThrow();
	}

	private static void assertWithinCapacity(OrderWorld world, List<Team> teams) {
		for (Team team : teams) {
			long open = world.count("SELECT count(*) AS n FROM service_order WHERE team_id = '" + team.id()
					+ "' AND status IN ('DISPATCHED', 'ACCEPTED', 'IN_SERVICE')");
			long counted = world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + team.id() + "'");
			long capacity = world.count("SELECT capacity::bigint AS n FROM team WHERE id = '" + team.id() + "'");
			assertThat(open).as("open orders of a team").isEqualTo(counted).isEqualTo(capacity);
		}
	}

}
