package org.civicdispatch.order.supervision;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.civicdispatch.events.OrderUrged;
import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld;
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

/**
 * 督办: the overdue list (only open orders at or past their due time, longest overdue
 * first, within what the caller may read), escalation to the institute and the centre
 * after the grace period, and urging, which the team hears of at once on the live stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.sweep.interval=300ms", "civic.supervision.escalation-grace=24h" })
@WithRealInfra
class SupervisionIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static EventProbe orderEvents;

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	WebTestClient http;

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
		http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl(url())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		world = new OrderWorld(http, db, volunteerEvents);
	}

	String url() {
		return "http://localhost:" + port;
	}

	/**
	 * An order of the resident at the station, accepted by the team, due
	 * {@code dueHoursAgo} hours ago.
	 */
	UUID accepted(Team team, User resident, UUID station, String category, double dueHoursAgo) {
		UUID id = world.place(resident, category, station);
		world.awaitDispatchedTo(id, team);
		world.accept(team, id);
		dueHoursAgo(id, dueHoursAgo);
		return id;
	}

	void dueHoursAgo(UUID id, double hours) {
		world.execute("UPDATE service_order SET due_at = now() - make_interval(secs => " + hours * 3600
				+ ") WHERE id = '" + id + "'");
	}

	List<String> overdueIds(User user, String query) {
		JsonNode page = world.call(user, "GET", "/api/orders?overdue=true&size=100" + query, null, 200);
		return page.get("items").valueStream().map(o -> o.get("id").asString()).toList();
	}

	@Test
	void theOverdueListHoldsOnlyOpenOrdersPastTheirDueTimeLongestOverdueFirst() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 5, "ELDERLY");
		Team otherTeam = world.team(tree.otherStation(), 5, "ELDERLY");
		User resident = resident();
		User neighbour = resident();
		UUID twoHours = accepted(team, resident, tree.station(), "ELDERLY", 2);
		UUID fiveHours = accepted(team, neighbour, tree.station(), "ELDERLY", 5);
		UUID notDue = accepted(team, neighbour, tree.station(), "ELDERLY", -3);
		UUID otherStation = accepted(otherTeam, resident(), tree.otherStation(), "ELDERLY", 1);
		// past its due time but completed: nothing to chase any more
		UUID completed = world.place(resident(), "ELDERLY", tree.station());
		world.awaitDispatchedTo(completed, team);
		world.acceptStartComplete(team, completed);
		dueHoursAgo(completed, 10);
		// never accepted: no due time yet
		UUID waiting = world.place(resident(), "LAW", tree.station());
		world.awaitStatus(waiting, "UNASSIGNED");

		User stationStaff = staff(tree.station());
		assertThat(overdueIds(stationStaff, "")).containsExactly(fiveHours.toString(), twoHours.toString());
		assertThat(overdueIds(staff(tree.institute()), "")).containsExactly(fiveHours.toString(), twoHours.toString());
		assertThat(overdueIds(staff(tree.otherStation()), "")).containsExactly(otherStation.toString());
		assertThat(overdueIds(staff(tree.centre()), "")).containsExactly(fiveHours.toString(), twoHours.toString(),
				otherStation.toString());
		// the resident sees only their own, the leader those of the team
		assertThat(overdueIds(resident, "")).containsExactly(twoHours.toString());
		assertThat(overdueIds(team.leader(), "")).containsExactly(fiveHours.toString(), twoHours.toString());
		assertThat(overdueIds(admin(), "")).contains(fiveHours.toString(), twoHours.toString(), otherStation.toString())
			.doesNotContain(notDue.toString(), completed.toString(), waiting.toString());

		// the list as the rest of the API reads it: status kept, flagged by the sweep,
		// STATION level
		JsonNode first = world.call(stationStaff, "GET", "/api/orders?overdue=true", null, 200);
		assertThat(first.get("totalItems").asLong()).isEqualTo(2);
		JsonNode order = first.get("items").get(0);
		assertThat(order.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(order.get("escalationLevel").asString()).isEqualTo("STATION");
		await().atMost(WAIT).until(() -> world.get(stationStaff, fiveHours).get("overdue").asBoolean());
		assertThat(world.get(stationStaff, notDue).get("escalationLevel").isNull()).isTrue();
		assertThat(world.get(stationStaff, completed).get("escalationLevel").isNull()).isTrue();

		world.call(stationStaff, "GET", "/api/orders?escalated=true", null, 400);
		world.call(stationStaff, "GET", "/api/orders?overdue=maybe", null, 400);
	}

	@Test
	void anOverdueOrderEscalatesToTheInstituteAfterTheGracePeriodAndToTheCentreAfterTwice() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 5, "HEALTH");
		UUID oneHour = accepted(team, resident(), tree.station(), "HEALTH", 1);
		UUID dayAndHour = accepted(team, resident(), tree.station(), "HEALTH", 25);
		UUID twoDays = accepted(team, resident(), tree.station(), "HEALTH", 49);

		User stationStaff = staff(tree.station());
		User instituteStaff = staff(tree.institute());
		User centreStaff = staff(tree.centre());
		assertThat(overdueIds(stationStaff, "&escalated=true")).containsExactly(twoDays.toString(),
				dayAndHour.toString(), oneHour.toString());
		assertThat(overdueIds(instituteStaff, "&escalated=true")).containsExactly(twoDays.toString(),
				dayAndHour.toString());
		assertThat(overdueIds(centreStaff, "&escalated=true")).containsExactly(twoDays.toString());
		assertThat(overdueIds(admin(), "&escalated=true")).contains(twoDays.toString())
			.doesNotContain(dayAndHour.toString(), oneHour.toString());
		// without escalated, the institute still sees everything overdue below it
		assertThat(overdueIds(instituteStaff, "")).hasSize(3);
		assertThat(overdueIds(resident(), "&escalated=true")).isEmpty();
		assertThat(overdueIds(staff(tree.otherStation()), "&escalated=true")).isEmpty();

		assertThat(world.get(instituteStaff, oneHour).get("escalationLevel").asString()).isEqualTo("STATION");
		assertThat(world.get(instituteStaff, dayAndHour).get("escalationLevel").asString()).isEqualTo("INSTITUTE");
		assertThat(world.get(instituteStaff, twoDays).get("escalationLevel").asString()).isEqualTo("CENTRE");
	}

	@Test
	void urgingAddsAHistoryEntryAndTellsTheTeamAtOnce() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 5, "CULTURE");
		Team otherTeam = world.team(tree.station(), 5, "LAW");
		User resident = resident();
		User stationStaff = staff(tree.station());
		UUID id = accepted(team, resident, tree.station(), "CULTURE", 3);

		try (EventStreamClient leader = EventStreamClient.open(url(), team.leader().token()).connected();
				EventStreamClient member = EventStreamClient.open(url(), team.member(1).token()).connected();
				EventStreamClient residentStream = EventStreamClient.open(url(), resident.token()).connected();
				EventStreamClient otherLeader = EventStreamClient.open(url(), otherTeam.leader().token()).connected()) {
			JsonNode urged = world.post(stationStaff, id, "urge", Map.of("note", "已超时，请今天内上门"), 200);
			assertThat(urged.get("status").asString()).isEqualTo("ACCEPTED");
			JsonNode last = urged.get("history").get(urged.get("history").size() - 1);
			assertThat(last.get("action").asString()).isEqualTo("URGED");
			assertThat(last.get("note").asString()).isEqualTo("已超时，请今天内上门");
			assertThat(last.get("actorId").asString()).isEqualTo(stationStaff.id().toString());
			assertThat(last.get("teamId").asString()).isEqualTo(team.id().toString());

			for (EventStreamClient stream : List.of(leader, member)) {
				await().atMost(WAIT).until(() -> !stream.events("urge", id).isEmpty());
				JsonNode data = stream.events("urge", id).getFirst().json();
				assertThat(data.get("note").asString()).isEqualTo("已超时，请今天内上门");
				assertThat(data.get("status").asString()).isEqualTo("ACCEPTED");
				assertThat(data.get("teamId").asString()).isEqualTo(team.id().toString());
			}
			// the resident hears that the order changed, not the staff's words to the
			// team
			await().atMost(WAIT).until(() -> !residentStream.events("order", id).isEmpty());
			assertThat(residentStream.events("urge", id)).isEmpty();
			assertThat(otherLeader.events("urge", id)).isEmpty();
			assertThat(residentStream.events("order", id).getLast().json().has("note")).isFalse();
		}
		OrderUrged event = orderEvents.awaitOne(OrderUrged.class, e -> e.data().orderId().equals(id), WAIT).data();
		assertThat(event.teamId()).isEqualTo(team.id());
		assertThat(event.urgedBy()).isEqualTo(stationStaff.id());
		assertThat(event.note()).isEqualTo("已超时，请今天内上门");

		// staff above the station may urge too; nobody else
		world.post(staff(tree.institute()), id, "urge", Map.of("note", "所里督办"), 200);
		world.post(admin(), id, "urge", Map.of("note", "中心督办"), 200);
		world.post(staff(tree.otherStation()), id, "urge", Map.of("note", "越权督办"), 403);
		world.post(resident, id, "urge", Map.of("note", "快点"), 403);
		world.post(team.leader(), id, "urge", Map.of("note", "快点"), 403);
		world.post(stationStaff, UUID.randomUUID(), "urge", Map.of("note", "无此单"), 404);

		// the note: required, one line, bounded
		world.post(stationStaff, id, "urge", Map.of("note", "  "), 400);
		world.post(stationStaff, id, "urge", Map.of(), 400);
		world.post(stationStaff, id, "urge", Map.of("note", "第一行\n第二行"), 400);
		world.post(stationStaff, id, "urge", Map.of("note", "督".repeat(201)), 400);
		world.post(stationStaff, id, "urge", Map.of("note", "督".repeat(200)), 200);
		assertThat(world.get(stationStaff, id)
			.get("history")
			.valueStream()
			.filter(h -> "URGED".equals(h.get("action").asString()))).hasSize(4);
	}

	/**
	 * Changes to one order wait for each other on its row lock; the one that waited must
	 * then see the history the first one added, or it would write its entry in the same
	 * place and be refused.
	 */
	@Test
	void urgesSentAtTheSameMomentAreAllKeptInTheHistory() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 5, "CULTURE");
		UUID id = accepted(team, resident(), tree.station(), "CULTURE", 3);
		List<User> staff = List.of(staff(tree.station()), staff(tree.institute()), admin());
		int urges = 12;

		CountDownLatch go = new CountDownLatch(1);
		List<Integer> statuses;
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> sent = IntStream.range(0, urges).mapToObj(i -> threads.submit(() -> {
				go.await();
				return http.post()
					.uri("/api/orders/{id}/urge", id)
					.headers(h -> h.setBearerAuth(staff.get(i % staff.size()).token()))
					.bodyValue(Map.of("note", "第 " + i + " 次督办"))
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value();
			})).toList();
			go.countDown();
			statuses = sent.stream().map(f -> {
				try {
					return f.get(60, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
		}

		assertThat(statuses).hasSize(urges).containsOnly(200);
		assertThat(world.get(admin(), id)
			.get("history")
			.valueStream()
			.filter(h -> "URGED".equals(h.get("action").asString()))
			.map(h -> h.get("note").asString()))
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, urges).mapToObj(i -> "第 " + i + " 次督办").toList());
	}

	@Test
	void onlyAnOrderWithATeamAndNotFinishedCanBeUrged() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 5, "SCIENCE");
		User stationStaff = staff(tree.station());
		UUID done = world.place(resident(), "SCIENCE", tree.station());
		world.awaitDispatchedTo(done, team);
		world.acceptStartComplete(team, done);
		world.post(stationStaff, done, "urge", Map.of("note", "请尽快"), 409);

		User resident = resident();
		UUID cancelled = world.place(resident, "SCIENCE", tree.station());
		world.awaitDispatchedTo(cancelled, team);
		world.post(stationStaff, cancelled, "urge", Map.of("note", "请尽快接单"), 200);
		world.post(resident, cancelled, "cancel", Map.of(), 200);
		world.post(stationStaff, cancelled, "urge", Map.of("note", "请尽快"), 409);

		UUID unassigned = world.place(resident(), "ENVIRONMENT", tree.station());
		world.awaitStatus(unassigned, "UNASSIGNED");
		JsonNode problem = world.post(stationStaff, unassigned, "urge", Map.of("note", "请尽快"), 409);
		assertThat(problem.get("detail").asString()).contains("UNASSIGNED");
		assertThat(world.get(stationStaff, done)
			.get("history")
			.valueStream()
			.noneMatch(h -> "URGED".equals(h.get("action").asString()))).isTrue();
	}

}
