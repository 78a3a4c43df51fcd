package org.civicdispatch.volunteer;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.civicdispatch.testing.HangingUpClients;
import org.civicdispatch.testing.HangingUpClients.Call;
import org.civicdispatch.testing.HangingUpClients.Report;
import org.civicdispatch.testing.PooledConnections;
import org.civicdispatch.testing.StreamedAnswers;
import org.civicdispatch.testing.WithRealInfra;
import org.civicdispatch.volunteer.Api.User;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phones on mobile networks hang up mid-request all the time. Thousands of clients hang
 * up in every phase of requests of every endpoint family (public reads, sign-up and
 * sign-in, reads that need a token, every kind of change), and afterwards every pooled
 * connection is back and the service answers at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.seed-admin=true")
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

	@LocalServerPort
	int port;

	@Autowired
	ConnectionFactory connections;

	@Test
	void clientsHangingUpMidRequestGiveBackEveryConnectionAndTheServiceAnswersAtOnce() {
		Api api = new Api(port);
		String admin = api.adminToken();
		List<UUID> tree = api.tree(admin, "平城" + UUID.randomUUID().toString().substring(0, 4));
		UUID station = tree.get(2);
		User leader = api.volunteer("队长王", station);
		User member = api.volunteer("队员李", station);
		User resident = api.register("群众张");
		UUID team = Api.id(api.post(
				"/api/teams", admin, Map.of("name", "敬老分队", "level", "DETACHMENT", "orgUnitId", station.toString(),
						"categories", List.of("ELDERLY"), "capacity", 3, "leaderId", leader.id().toString()),
				HttpStatus.CREATED));

		Map<String, List<Call>> families = new LinkedHashMap<>();
		List<Call> everyone = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			everyone.add(Call.get("/api/org-units"));
			everyone.add(Call.get("/api/org-units/" + tree.get(i)));
		}
		everyone.add(Call.get("/.well-known/jwks.json"));
		// one in ten: a password hash costs tens of milliseconds of CPU
		everyone
			.add(Call.post("/api/auth/login", null, json(Map.of("phone", resident.phone(), "password", Api.PASSWORD))));
		everyone.add(Call.post("/api/auth/register", null,
				json(Map.of("phone", Api.newPhone(), "password", Api.PASSWORD, "name", "新用户"))));
		everyone.add(Call.get("/actuator/health"));
		families.put("public reads, sign-up and sign-in", everyone);
		families.put("reads with a token",
				List.of(Call.get("/api/me", resident.token()), Call.get("/api/teams?size=100", resident.token()),
						Call.get("/api/teams/" + team, leader.token()),
						Call.get("/api/volunteers/" + leader.id(), leader.token()),
						Call.get("/api/volunteers/" + leader.id() + "/service-records", leader.token()),
						Call.get("/api/teams?orgUnitId=" + station + "&active=true", admin),
						Call.get("/api/volunteers?orgUnitId=" + station + "&sort=name", admin),
						Call.get("/api/volunteers?q=139&size=100", admin),
						Call.get("/api/users?phone=" + resident.phone(), admin)));
		families.put("changes", List
			.of(Call.post("/api/teams/" + team + "/members", admin, json(Map.of("userId", member.id().toString()))),
					Call.delete("/api/teams/" + team + "/members/" + member.id(), admin),
					Call.patch("/api/teams/" + team, admin, json(Map.of("capacity", 4))),
					Call.post("/api/org-units", admin,
							json(Map.of("name", "新实践站", "level", "STATION", "parentId", tree.get(1).toString()))),
					Call.post("/api/staff", admin,
							json(Map.of("userId", resident.id().toString(), "orgUnitId", station.toString()))),
					Call.post("/api/volunteers", resident.token(),
							json(Map.of("realName", "张三", "skills", List.of("助老"), "stationId", station.toString()))),
					Call.post("/api/teams", admin,
							json(Map.of("name", "新分队", "level", "DETACHMENT", "orgUnitId", station.toString(),
									"categories", List.of("LAW"), "capacity", 2, "leaderId",
									leader.id().toString())))));

		// the first answers of a fresh service are slow (classes load, code warms up):
		// not what is measured here
		answers(WARM_UP, resident, "before any hang-up");

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
			long answeredMs = answers(AT_ONCE, resident, "after hang-ups on the " + family.getKey());
			log.info("{}: {}; {} database transactions ran; pool: {}; health, org units and /api/me answered in {} ms",
					family.getKey(), report, transactions, pool, answeredMs);
		}
		assertThat(hungUp).as("requests hung up before or while they were answered").isGreaterThan(2000);
	}

	/**
	 * Health, the org units and the user's own account, each answered 200 within
	 * {@code within}; how long all three took.
	 */
	private long answers(Duration within, User user, String when) {
		long start = System.nanoTime();
		assertThat(HangingUpClients.answerWithin(within, port, "/actuator/health", null).statusCode())
			.as("health %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/org-units", null).statusCode())
			.as("org units %s", when)
			.isEqualTo(200);
		assertThat(HangingUpClients.answerWithin(within, port, "/api/me", user.token()).statusCode())
			.as("the user's account %s", when)
			.isEqualTo(200);
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	@Test
	void withEveryConnectionBusyARequestIsAnswered503AtOnceAndServedWhenOneIsFreeAgain() throws Exception {
		assertThat(HangingUpClients.answerWithin(WARM_UP, port, "/api/org-units", null).statusCode()).isEqualTo(200);
		HttpResponse<String> busy;
		long busyMs;
		try (AutoCloseable held = PooledConnections.holdAll(connections)) {
			long start = System.nanoTime();
			busy = HangingUpClients.answerWithin(Duration.ofSeconds(5), port, "/api/org-units", null);
			busyMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
		}
		assertThat(busy.statusCode()).isEqualTo(503);
		assertThat(busy.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(busy.headers().firstValue("Retry-After")).isPresent();
		assertThat(JSON.readTree(busy.body()).get("detail").asString()).isEqualTo("服务繁忙，请稍后再试");
		log.info("With every connection busy, GET /api/org-units was answered 503 within {} ms", busyMs);
		assertThat(HangingUpClients.answerWithin(AT_ONCE, port, "/api/org-units", null).statusCode()).isEqualTo(200);
	}

	@Test
	void noHandlerAnswersWithAStreamOfRows() {
		assertThat(StreamedAnswers.handlersIn("org.civicdispatch.volunteer")).isEmpty();
	}

	private static String json(Object body) {
		return JSON.writeValueAsString(body);
	}

}
