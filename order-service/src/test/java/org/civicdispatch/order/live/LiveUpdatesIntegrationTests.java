package org.civicdispatch.order.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld;
import org.civicdispatch.order.SecondInstance;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
import org.civicdispatch.order.live.EventStreamClient.Frame;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.PooledConnections;
import org.civicdispatch.testing.TestTokens;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civicdispatch.order.OrderWorld.admin;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * {@code GET /api/events/stream} with two order-service instances on one database: a
 * change made through one instance reaches the clients of the other, each client hears
 * only of the orders it may read, a client that reconnects with {@code Last-Event-ID}
 * gets what it missed once, idle streams get heartbeats, and open streams cost no pooled
 * connection and are capped per user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.live.heartbeat=400ms", "civic.sweep.interval=200ms" })
@WithRealInfra
class LiveUpdatesIntegrationTests {

	static EventProbe volunteerEvents;

	static SecondInstance second;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	ConnectionFactory connections;

	@Autowired
	Environment environment;

	OrderWorld world;

	final List<EventStreamClient> streams = new ArrayList<>();

	@BeforeAll
	static void probes() {
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void close() {
		if (second != null) {
			second.close();
		}
		volunteerEvents.close();
	}

	@BeforeEach
	void setUp() {
		world = new OrderWorld(WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl(first())
			.build(), db, volunteerEvents);
		if (second == null) {
			second = SecondInstance.startLike(environment, "civic.sweep.interval", "civic.live.heartbeat");
		}
	}

	@AfterEach
	void closeStreams() {
		streams.forEach(EventStreamClient::close);
	}

	String first() {
		return "http://localhost:" + port;
	}

	String other() {
		return second.url();
	}

	EventStreamClient stream(String baseUrl, User user) {
		EventStreamClient stream = EventStreamClient.open(baseUrl, user.token());
		streams.add(stream);
		return stream.connected();
	}

	EventStreamClient stream(String baseUrl, User user, String lastEventId) {
		EventStreamClient stream = EventStreamClient.open(baseUrl, user.token(), lastEventId);
		streams.add(stream);
		return stream.connected();
	}

	@Test
	void aChangeThroughOneInstanceReachesEveryoneWhoMayReadTheOrderOnTheOther() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 3, "ELDERLY");
		User resident = resident();
		User stationStaff = staff(tree.station());
		User instituteStaff = staff(tree.institute());
		User otherStationStaff = staff(tree.otherStation());
		User stranger = resident();
		User admin = admin();

		EventStreamClient residentStream = stream(other(), resident);
		EventStreamClient leaderStream = stream(other(), team.leader());
		EventStreamClient memberStream = stream(other(), team.member(1));
		EventStreamClient staffStream = stream(other(), stationStaff);
		EventStreamClient instituteStream = stream(other(), instituteStaff);
		EventStreamClient adminStream = stream(first(), admin);
		EventStreamClient otherStaffStream = stream(other(), otherStationStaff);
		EventStreamClient strangerStream = stream(other(), stranger);
		assertThat(residentStream.headers().get("Content-Type")).startsWith("text/event-stream");

		// placed and then dispatched by the first instance, cancelled through it by the
		// resident
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		world.awaitDispatchedTo(orderId, team);
		world.post(resident, orderId, "cancel", Map.of("reason", "不需要了"), 200);

		List<String> lifecycle = List.of("PLACED", "DISPATCHED", "CANCELLED");
		for (EventStreamClient reader : List.of(residentStream, staffStream, instituteStream, adminStream)) {
			await().atMost(EventStreamClient.WAIT)
				.untilAsserted(() -> assertThat(reader.statusesOf(orderId)).isEqualTo(lifecycle));
		}
		// the team hears of the order from the moment it has it
		await().atMost(EventStreamClient.WAIT)
			.untilAsserted(
					() -> assertThat(leaderStream.statusesOf(orderId)).containsExactly("DISPATCHED", "CANCELLED"));
		await().atMost(EventStreamClient.WAIT)
			.untilAsserted(
					() -> assertThat(memberStream.statusesOf(orderId)).containsExactly("DISPATCHED", "CANCELLED"));
		// and its leader is told that it was dispatched to them; the members are not
		List<Frame> dispatches = leaderStream.events("dispatch", orderId);
		assertThat(dispatches).hasSize(1);
		assertThat(dispatches.getFirst().json().get("teamId").asString()).isEqualTo(team.id().toString());
		assertThat(dispatches.getFirst().status()).isEqualTo("DISPATCHED");
		assertThat(memberStream.events("dispatch", orderId)).isEmpty();
		assertThat(residentStream.events("dispatch", orderId)).isEmpty();

		// the data of an event, with its id
		Frame cancelled = residentStream.events("order", orderId).getLast();
		JsonNode data = cancelled.json();
		assertThat(data.get("id").asString()).isEqualTo(orderId.toString());
		assertThat(data.get("teamId").asString()).isEqualTo(team.id().toString());
		assertThat(data.get("updatedAt").asString())
			.isEqualTo(world.get(resident, orderId).get("updatedAt").asString());
		List<Long> ids = residentStream.events().stream().map(f -> Long.parseLong(f.id())).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates();

		// the last event has reached every reader: nobody else hears anything of the
		// order
		assertThat(strangerStream.events()).isEmpty();
		assertThat(otherStaffStream.events("order", orderId)).isEmpty();
		assertThat(otherStaffStream.events("dispatch", orderId)).isEmpty();
	}

	@Test
	void aClientThatReconnectsWithLastEventIdGetsWhatItMissedAndNothingTwice() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 3, "ELDERLY");
		User resident = resident();

		EventStreamClient before = stream(first(), resident);
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		await().atMost(EventStreamClient.WAIT).until(() -> !before.events("order", orderId).isEmpty());
		String placedEventId = before.events("order", orderId).getFirst().id();
		assertThat(before.events("order", orderId).getFirst().status()).isEqualTo("PLACED");
		before.close();

		// while the client is away: dispatched, accepted, and another order placed
		world.awaitDispatchedTo(orderId, team);
		world.accept(team, orderId);
		UUID second = world.place(resident, "ELDERLY", tree.station());
		world.awaitDispatchAttempt(second);

		EventStreamClient after = stream(other(), resident, placedEventId);
		await().atMost(EventStreamClient.WAIT).untilAsserted(() -> {
			assertThat(after.statusesOf(orderId)).containsExactly("DISPATCHED", "ACCEPTED");
			assertThat(after.statusesOf(second)).containsExactly("PLACED", "DISPATCHED");
		});
		// and from then on, live, once each
		world.post(resident, second, "cancel", Map.of("reason", "不需要了"), 200);
		await().atMost(EventStreamClient.WAIT)
			.untilAsserted(
					() -> assertThat(after.statusesOf(second)).containsExactly("PLACED", "DISPATCHED", "CANCELLED"));
		List<String> ids = after.events().stream().map(Frame::id).toList();
		assertThat(ids).doesNotHaveDuplicates()
			.allSatisfy(id -> assertThat(Long.parseLong(id)).isGreaterThan(Long.parseLong(placedEventId)));

		// a browser's first connect names the last event in the URL; the header of a
		// reconnect wins over it
		String lastId = after.events().getLast().id();
		EventStreamClient byParameter = EventStreamClient
			.openUrl(other() + "/api/events/stream?lastEventId=" + placedEventId, resident.token());
		streams.add(byParameter);
		byParameter.connected();
		await().atMost(EventStreamClient.WAIT)
			.untilAsserted(() -> assertThat(byParameter.statusesOf(second)).containsExactly("PLACED", "DISPATCHED",
					"CANCELLED"));
		EventStreamClient upToDate = stream(first(), resident, lastId);
		UUID third = world.place(resident, "ELDERLY", tree.station());
		await().atMost(EventStreamClient.WAIT)
			.untilAsserted(() -> assertThat(upToDate.statusesOf(third)).startsWith("PLACED"));
		assertThat(upToDate.statusesOf(orderId)).isEmpty();
		assertThat(upToDate.statusesOf(second)).isEmpty();
	}

	@Test
	void anIdleStreamGetsACommentLineEveryHeartbeat() throws InterruptedException {
		EventStreamClient idle = stream(other(), resident());
		Thread.sleep(1_500);
		List<Frame> frames = idle.frames();
		assertThat(frames).noneMatch(Frame::isEvent);
		// the first frame at once, then one every 400 ms
		assertThat(frames.size()).isBetween(3, 6);
		assertThat(frames).allSatisfy(frame -> assertThat(frame.comments()).containsExactly(""));
		assertThat(idle.body()).startsWith("retry:3000\n:\n\n").contains("\n:\n\n:\n\n");
		assertThat(idle.ended()).isFalse();
	}

	@Test
	void aStreamEndsWhenTheTokenItWasOpenedWithDoes() {
		EventStreamClient stream = EventStreamClient.open(first(),
				TestTokens.expiringIn(Duration.ofSeconds(2), UUID.randomUUID(), "张大爷", "RESIDENT"));
		assertThat(stream.ended()).isFalse();
		assertThat(stream.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(stream::ended);
		stream.close();
	}

	@Test
	void openStreamsHoldNoPooledConnectionAndAreCappedPerUser() {
		User user = resident();
		List<EventStreamClient> open = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			open.add(stream(first(), user));
		}
		PooledConnections.awaitAllReturned(connections, Duration.ofSeconds(10), "with five streams open");

		EventStreamClient sixth = EventStreamClient.open(first(), user.token());
		streams.add(sixth);
		assertThat(sixth.status()).isEqualTo(429);
		assertThat(sixth.headers().get("Content-Type")).startsWith("application/problem+json");
		assertThat(sixth.headers().get("Retry-After")).isNotBlank();
		await().atMost(EventStreamClient.WAIT).until(() -> sixth.body().contains("\"status\":429"));
		assertThat(sixth.body()).contains("实时更新连接过多");
		// another instance counts its own streams; another user is not affected
		stream(other(), user);
		stream(first(), resident());

		// hanging up gives the slots back
		open.forEach(EventStreamClient::close);
		await().atMost(EventStreamClient.WAIT).untilAsserted(() -> {
			EventStreamClient again = EventStreamClient.open(first(), user.token());
			streams.add(again);
			assertThat(again.status()).isEqualTo(200);
		});
		for (int i = 0; i < 4; i++) {
			stream(first(), user);
		}
		PooledConnections.awaitAllReturned(connections, Duration.ofSeconds(10), "after hang-ups");
	}

	@Test
	void aLastEventIdThatIsNoEventIdIsA400AndNoTokenA401() {
		User user = resident();
		for (String bad : List.of("abc", "-1", "12345678901234567890", "1e3")) {
			EventStreamClient stream = EventStreamClient.open(first(), user.token(), bad);
			streams.add(stream);
			assertThat(stream.status()).as(bad).isEqualTo(400);
			await().atMost(EventStreamClient.WAIT).until(() -> stream.body().contains("Last-Event-ID"));
			assertThat(stream.headers().get("Content-Type")).startsWith("application/problem+json");
		}
		EventStreamClient anonymous = EventStreamClient.open(first(), null);
		streams.add(anonymous);
		assertThat(anonymous.status()).isEqualTo(401);
	}

	@Test
	void theApiDescriptionShowsTheStream() {
		JsonNode operation = world.call(null, "GET", "/v3/api-docs", null, 200)
			.path("paths")
			.path("/api/events/stream")
			.path("get");
		assertThat(operation.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
		assertThat(operation.path("responses").path("429").path("content").has("application/problem+json")).isTrue();
		assertThat(operation.path("parameters").findValuesAsString("name")).contains("Last-Event-ID", "lastEventId");
		// the description's bearer token applies: no "security": [] of a public operation
		assertThat(operation.has("security")).isFalse();
	}

	@Test
	void oldFeedRowsAreSwept() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 3, "ELDERLY");
		User resident = resident();
		UUID orderId = world.place(resident, "ELDERLY", tree.station());
		world.awaitDispatchedTo(orderId, team);
		await().atMost(EventStreamClient.WAIT)
			.until(() -> world.count("SELECT count(*) AS n FROM order_feed WHERE order_id = '" + orderId + "'") > 0);
		world.execute(
				"UPDATE order_feed SET created_at = now() - interval '25 hours' WHERE order_id = '" + orderId + "'");
		await().atMost(EventStreamClient.WAIT)
			.until(() -> world.count("SELECT count(*) AS n FROM order_feed WHERE order_id = '" + orderId + "'") == 0);
	}

}
