package org.civicdispatch.points;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Phones on mobile networks hang up mid-request all the time. Thousands of clients hang
 * up in every phase of requests of every endpoint family (the public store, reads of
 * accounts, entries, the leaderboard and redemptions, every kind of change), and
 * afterwards every pooled connection is back and the service answers at once.
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

	private static final JsonMapper JSON = JsonMapper.shared();

	static final UUID CENTRE = UUID.randomUUID();

	static final UUID INSTITUTE = UUID.randomUUID();

	static final UUID STATION = UUID.randomUUID();

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	ConnectionFactory connections;

	@BeforeAll
	static void orgTree() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS);
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(CENTRE, "平城区新时代文明实践中心", "CENTRE", null, List.of())));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(INSTITUTE, "新建南路实践所", "INSTITUTE", CENTRE, List.of(CENTRE))));
		probe.publish(EventEnvelope.of("/volunteer-service",
				new OrgUnitCreated(STATION, "向阳里实践站", "STATION", INSTITUTE, List.of(CENTRE, INSTITUTE))));
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@Test
	void clientsHangingUpMidRequestGiveBackEveryConnectionAndTheServiceAnswersAtOnce() {
		Person admin = Person.admin();
		Person staff = Person.staff(INSTITUTE);
		Person volunteer = Person.volunteer("志愿者刘");
		probe.publish(EventEnvelope.of("/volunteer-service", new UserRegistered(volunteer.id(), volunteer.name())));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> count("SELECT count(*) AS n FROM org_unit WHERE id = '" + STATION + "'") == 1
					&& count("SELECT count(*) AS n FROM person WHERE user_id = '" + volunteer.id() + "'") == 1);
		PointsApi api = new PointsApi(port);
		api.as(admin)
			.postJson("/api/points/adjustments", Map.of("userId", volunteer.id(), "amount", 100_000, "reason", "测试积分"),
					HttpStatus.CREATED);
		UUID item = UUID
			.fromString((String) api.as(admin)
				.postJson("/api/store/items",
						Map.of("name", "毛巾", "description", "纯棉", "pointsCost", 10, "stock", 100_000, "stationId",
								STATION),
						HttpStatus.CREATED)
				.get("id"));
		UUID redemption = UUID.fromString((String) api.as(volunteer)
			.postJson("/api/store/redemptions", Map.of("itemId", item, "quantity", 1), HttpStatus.CREATED)
			.get("id"));

		Map<String, List<Call>> families = new LinkedHashMap<>();
		families.put("public store",
				List.of(Call.get("/api/store/items"), Call.get("/api/store/items?stationId=" + STATION),
						Call.get("/api/store/items/" + item), Call.get("/actuator/health")));
		families.put("reads with a token", List.of(Call.get("/api/points/accounts/me", volunteer.token()),
				Call.get("/api/points/accounts/me/entries?size=100", volunteer.token()),
				Call.get("/api/points/accounts/" + volunteer.id(), staff.token()),
				Call.get("/api/points/accounts/" + volunteer.id() + "/entries", staff.token()),
				Call.get("/api/points/leaderboard?period=month", volunteer.token()),
				Call.get("/api/points/ledger/check", admin.token()), Call.get("/api/points/rules", admin.token()),
				Call.get("/api/store/redemptions?mine=true", volunteer.token()),
				Call.get("/api/store/redemptions?stationId=" + STATION, staff.token()),
				Call.get("/api/store/redemptions/" + redemption, volunteer.token())));
		families.put("changes", List.of(
				Call.post("/api/points/adjustments", admin.token(),
						json(Map.of("userId", volunteer.id(), "amount", 1, "reason", "补录"))),
				Call.post("/api/store/redemptions", volunteer.token(), json(Map.of("itemId", item, "quantity", 1))),
				Call.post("/api/store/redemptions/" + redemption + "/cancel", volunteer.token(), null),
				Call.post("/api/store/redemptions/" + redemption + "/fulfil", staff.token(),
						json(Map.of("pickupCode", "000000"))),
				Call.post("/api/store/items/" + item + "/restock", admin.token(), json(Map.of("quantity", 1))),
				Call.post("/api/store/items", admin.token(),
						json(Map.of("name", "肥皂", "pointsCost", 5, "stock", 10, "stationId", STATION))),
				Call.put("/api/points/rules", admin.token(),
						json(Map.of("baseRate", 10, "multipliers", Map.of("ELDERLY", 1.5))))));

		// the first answers of a fresh service are slow (classes load, code warms up):
		// not what is measured here
		answers(WARM_UP, volunteer, "before any hang-up");

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
			long answeredMs = answers(AT_ONCE, volunteer, "after hang-ups on the " + family.getKey());
			log.info("{}: {}; {} database transactions ran; pool: {}; health, store and account answered in {} ms",
					family.getKey(), report, transactions, pool, answeredMs);
		}
		assertThat(hungUp).as("requests hung up before or while they were answered").isGreaterThan(2000);
		api.as(admin)
			.get("/api/points/ledger/check")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.balanced")
			.isEqualTo(true);
	}

	/**
	 * Health, the store and the user's account, each answered 200 within {@code within};
	 * how long all three took.
	 */
	private long answers(Duration within, Person user, String when) {
		long start = System.nanoTime();
		assertThat(HangingUpClients.answerWithin(within, port, "/actuator/health", null).statusCode())
			.as("health %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/store/items", null).statusCode())
			.as("store %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/points/accounts/me", user.token()).statusCode())
			.as("the user's account %s", when)
			.isEqualTo(200);
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	@Test
	void withEveryConnectionBusyARequestIsAnswered503AtOnceAndServedWhenOneIsFreeAgain() throws Exception {
		assertThat(HangingUpClients.answerWithin(WARM_UP, port, "/api/store/items", null).statusCode()).isEqualTo(200);
		HttpResponse<String> busy;
		long busyMs;
		try (AutoCloseable held = PooledConnections.holdAll(connections)) {
			long start = System.nanoTime();
			busy = HangingUpClients.answerWithin(Duration.ofSeconds(5), port, "/api/store/items", null);
			busyMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		}
		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(busy.headers().firstValue("Retry-After")).isPresent();
		assertThat(JSON.readTree(busy.body()).get("detail").asString()).isEqualTo("服务繁忙，请稍后再试");
		log.info("With every connection busy, GET /api/store/items was answered 503 within {} ms", busyMs);
		assertThat(HangingUpClients.answerWithin(AT_ONCE, port, "/api/store/items", null).statusCode()).isEqualTo(200);
	}

	@Test
	void noHandlerAnswersWithAStreamOfRows() {
		assertThat(StreamedAnswers.handlersIn("org.civicdispatch.points")).isEmpty();
	}

	private long count(String sql) {
		return db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
	}

	private static String json(Object body) {
		return JSON.writeValueAsString(body);
	}

}
