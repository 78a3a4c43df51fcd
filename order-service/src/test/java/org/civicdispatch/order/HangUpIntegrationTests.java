package org.civicdispatch.order;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.HangingUpClients;
import org.civicdispatch.testing.HangingUpClients.Call;
import org.civicdispatch.testing.HangingUpClients.Report;
import org.civicdispatch.testing.PooledConnections;
import org.civicdispatch.testing.StreamedAnswers;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicdispatch.order.OrderWorld.admin;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * Phones on mobile networks hang up mid-request all the time. Thousands of clients hang
 * up in every phase of requests of every endpoint family (the public catalogue, reads of
 * orders and lists, every kind of change), and afterwards every pooled connection is back
 * and the service answers at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfra
class HangUpIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(HangUpIntegrationTests.class);

	/** Hang-ups per endpoint family. */
	private static final int PER_FAMILY = 1000;

	private static final Duration AT_ONCE = Duration.ofSeconds(2);

	/** For the first answers of a fresh service. */
	private static final Duration WARM_UP = Duration.ofSeconds(20);

	/**
	 * How long the requests still running when the clients are gone may take to finish.
	 */
	private static final Duration SETTLE = Duration.ofSeconds(10);

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	ConnectionFactory connections;

	@BeforeAll
	static void probes() {
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbes() {
		volunteerEvents.close();
	}

	@Test
	void clientsHangingUpMidRequestGiveBackEveryConnectionAndTheServiceAnswersAtOnce() {
		WebTestClient http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		OrderWorld world = new OrderWorld(http, db, volunteerEvents);
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 5, "ELDERLY");
		User admin = admin();
		User staff = staff(tree.institute());
		List<User> residents = new ArrayList<>();
		List<UUID> orders = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			User resident = resident();
			residents.add(resident);
			orders.add(world.place(resident, "ELDERLY", tree.station()));
		}
		String placeBody = JsonMapper.shared().writeValueAsString(world.orderBody("ELDERLY", tree.station()));

		Map<String, List<Call>> families = new LinkedHashMap<>();
		families.put("public catalogue", List.of(Call.get("/api/catalog")));
		List<Call> reads = new ArrayList<>();
		reads.add(Call.get("/api/orders?size=100", admin.token()));
		reads.add(Call.get("/api/orders?size=50", staff.token()));
		reads.add(Call.get("/api/orders?size=20", team.leader().token()));
		for (int i = 0; i < residents.size(); i++) {
			reads.add(Call.get("/api/orders/" + orders.get(i), residents.get(i).token()));
			reads.add(Call.get("/api/orders?mine=true", residents.get(i).token()));
		}
		families.put("reads of orders and lists", reads);
		List<Call> writes = new ArrayList<>();
		for (int i = 0; i < residents.size(); i++) {
			User resident = residents.get(i);
			UUID order = orders.get(i);
			writes.add(Call.post("/api/orders", resident.token(), placeBody));
			writes.add(Call.post("/api/orders/" + order + "/dispatch", staff.token(),
					"{\"teamId\":\"" + team.id() + "\"}"));
			writes.add(Call.post("/api/orders/" + order + "/accept", team.leader().token(),
					"{\"volunteerIds\":[\"" + team.member(0).id() + "\"]}"));
			writes.add(Call.post("/api/orders/" + order + "/reject", team.leader().token(), "{\"reason\":\"忙\"}"));
			writes.add(Call.post("/api/orders/" + order + "/start", team.member(0).token(), null));
			writes.add(Call.post("/api/orders/" + order + "/evaluations", resident.token(), "{\"rating\":5}"));
			writes.add(Call.post("/api/orders/" + order + "/cancel", resident.token(), "{\"reason\":\"不需要了\"}"));
			writes.add(Call.put("/api/catalog/ELDERLY", admin.token(), "{\"slaHours\":" + (24 + i) + "}"));
		}
		families.put("changes", writes);
		// the export streams its rows from a cursor: a client that hangs up mid-file must
		// give it back
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
		String period = "&from=" + today.minusDays(30) + "&to=" + today.plusDays(1);
		families.put("statistics, supervision and exports", List.of(
				Call.get("/api/stats/orders?orgUnitId=" + tree.centre() + period, admin.token()),
				Call.get("/api/stats/orders?orgUnitId=" + tree.institute() + period, staff.token()),
				Call.get("/api/orders?overdue=true", staff.token()),
				Call.get("/api/orders/export?format=csv&orgUnitId=" + tree.centre() + period, admin.token()),
				Call.get("/api/orders/export?format=xlsx&orgUnitId=" + tree.institute() + period, staff.token())));

		// the first answers of a fresh service are slow (classes load, code warms up):
		// not what is measured here
		answers(WARM_UP, residents.getFirst(), orders.getFirst(), "before any hang-up");

		HangingUpClients clients = HangingUpClients.of(port);
		int hungUp = 0;
		for (Map.Entry<String, List<Call>> family : families.entrySet()) {
			long transactionsBefore = PooledConnections.transactionsSoFar(connections);
			Report report = clients.hangUp(family.getValue(), PER_FAMILY);
			hungUp += report.beforeAnswer() + report.duringAnswer();
			PooledConnections.State pool = PooledConnections.awaitAllReturned(connections, SETTLE,
					"after hang-ups on the " + family.getKey());
			long transactions = PooledConnections.transactionsSoFar(connections) - transactionsBefore;
			assertThat(transactions).as("database transactions while clients hung up on the %s", family.getKey())
				.isPositive();
			long answeredMs = answers(AT_ONCE, residents.getFirst(), orders.getFirst(),
					"after hang-ups on the " + family.getKey());
			log.info("{}: {}; {} database transactions ran; pool: {}; health, catalogue and an order answered in {} ms",
					family.getKey(), report, transactions, pool, answeredMs);
		}
		assertThat(hungUp).as("requests hung up before or while they were answered").isGreaterThan(2000);
	}

	/**
	 * Health, the public catalogue and one order, each answered 200 within
	 * {@code within}; how long all three took.
	 */
	private long answers(Duration within, User resident, UUID order, String when) {
		long start = System.nanoTime();
		assertThat(HangingUpClients.answerWithin(within, port, "/actuator/health", null).statusCode())
			.as("health %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/catalog", null).statusCode())
			.as("catalogue %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/orders/" + order, resident.token()).statusCode())
			.as("an order %s", when)
			.isEqualTo(200);
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	@Test
	void withEveryConnectionBusyARequestIsAnswered503AtOnceAndServedWhenOneIsFreeAgain() throws Exception {
		assertThat(HangingUpClients.answerWithin(WARM_UP, port, "/api/catalog", null).statusCode()).isEqualTo(200);
		HttpResponse<String> busy;
		long busyMs;
		try (AutoCloseable held = PooledConnections.holdAll(connections)) {
			long start = System.nanoTime();
			busy = HangingUpClients.answerWithin(Duration.ofSeconds(5), port, "/api/catalog", null);
			busyMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		}
		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(busy.headers().firstValue("Retry-After")).isPresent();
		assertThat(JsonMapper.shared().readTree(busy.body()).get("detail").asString()).isEqualTo("服务繁忙，请稍后再试");
		log.info("With every connection busy, GET /api/catalog was answered 503 within {} ms", busyMs);
		assertThat(HangingUpClients.answerWithin(AT_ONCE, port, "/api/catalog", null).statusCode()).isEqualTo(200);
	}

	/**
	 * Two answers stream, on purpose: the live-update stream (its events come from the
	 * feed, read in full by the instance, and it holds no connection while it is open:
	 * LiveUpdatesIntegrationTests), and the export, a file of up to a year of orders read
	 * from a cursor, whose connection comes back when a client hangs up mid-file (the
	 * "statistics, supervision and exports" hang-ups above).
	 */
	@Test
	void noHandlerAnswersWithAStreamOfRows() {
		assertThat(StreamedAnswers.handlersIn("org.civicdispatch.order"))
			.filteredOn(handler -> !handler.startsWith("EventStreamController#stream:")
					&& !handler.startsWith("ExportController#export:"))
			.isEmpty();
	}

}
