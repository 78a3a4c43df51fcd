package org.civicdispatch.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of every service behind the gateway ({@code LOCAL_STACK_REPLICAS=2}, a
 * stack of its own), a stream of 200 orders each run through the whole mission flow by a
 * few clients at once, and one order-service and one points-service replica killed with
 * SIGKILL in the middle of it. The clients behave as real ones do: an answer lost with a
 * killed instance (a 502/503) is followed by reading the order and, if nothing happened,
 * asking again. In the end every order is {@code EVALUATED}, was dispatched once, each
 * volunteer got exactly one award per order, no event went to a dead-letter topic, the
 * ledger balances, and the stack has restarted both killed replicas on its own.
 */
class ReplicasEndToEndTests {

	private static final int ORDERS = 200;

	private static final int CLIENTS = 8;

	/** The kills come once this many orders have been placed. */
	private static final int KILL_AFTER = 60;

	private static final List<String> FLOW = List.of("PLACED", "DISPATCHED", "ACCEPTED", "IN_SERVICE", "COMPLETED",
			"EVALUATED");

	private static LocalStack stack;

	private static GatewayClient gateway;

	private static Path data;

	@BeforeAll
	static void start() throws Exception {
		data = Files.createTempDirectory("replicas-e2e");
		stack = OwnStack.builder(data)
			.replicas(2)
			// a few clients and users sending as fast as they can are this test, not
			// abuse
			.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_USER_PER_SECOND", "100000")
			.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_USER_BURST", "100000")
			.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_ADDRESS_PER_SECOND", "100000")
			.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_ADDRESS_BURST", "100000")
			// a busy 2-core machine runs nine JVMs here: a slow answer is not what this
			// test is about
			.env(Service.GATEWAY, "GATEWAY_SERVICE_TIMEOUT", "20s")
			.env(Service.GATEWAY, "GATEWAY_RESPONSE_TIMEOUT", "20s")
			.env(Service.GATEWAY, "GATEWAY_ADMISSION_LATENCY_TARGET", "20s")
			.env(Service.GATEWAY, "GATEWAY_BREAKER_OPEN_SECONDS", "1")
			.build();
		stack.start();
		gateway = new GatewayClient(stack.gatewayUrl());
	}

	@AfterAll
	static void stop() {
		OwnStack.stop(stack, data);
	}

	@Test
	void twoHundredOrdersGoThroughWhileAnOrderServiceAndAPointsServiceReplicaAreKilled() throws Exception {
		assertThat(stack.instanceNames("order-service")).containsExactly("order-service-1", "order-service-2");
		assertThat(stack.instanceNames("points-service")).containsExactly("points-service-1", "points-service-2");
		District district = District.setUp(gateway, "1396000", "浑源", CLIENTS * 2);
		// order-service and points-service know the team's members (volunteer-service's
		// events) before the stream
		String first = district.placeOrder();
		district.awaitDispatchedToTeam(first);
		district.acceptStartComplete(first);
		district.evaluate(first);
		district.awaitBalance(district.memberToken, 36);

		long orderPid = stack.pid("order-service-2");
		long pointsPid = stack.pid("points-service-1");
		AtomicInteger placed = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		List<String> orderIds = new CopyOnWriteArrayList<>(List.of(first));
		Map<String, Integer> lostAnswers = new ConcurrentHashMap<>();
		long begin = System.nanoTime();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
		try {
			Future<?> killer = clients.submit(() -> {
				await().atMost(Duration.ofMinutes(3)).until(() -> placed.get() >= KILL_AFTER);
				kill9(orderPid);
				kill9(pointsPid);
				return null;
			});
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				running.add(clients.submit(() -> {
					while (next.incrementAndGet() <= ORDERS - 1) {
						String id = runOrder(district, placed, lostAnswers);
						orderIds.add(id);
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get(5, TimeUnit.MINUTES);
			}
			killer.get(1, TimeUnit.MINUTES);
		}
		finally {
			clients.shutdownNow();
		}
		System.out.printf(
				"%d orders through two replicas of everything in %d s; answers lost with a killed "
						+ "replica and asked again: %s%n",
				orderIds.size(), (System.nanoTime() - begin) / 1_000_000_000, lostAnswers);
		assertThat(orderIds).hasSize(ORDERS).doesNotHaveDuplicates();

		// every order ended evaluated, and was dispatched once
		for (String id : orderIds) {
			JsonNode order = read(id, district.residentToken);
			assertThat(order.get("status").asString()).as(id).isEqualTo("EVALUATED");
			assertThat(order.get("teamId").asString()).as(id).isEqualTo(district.teamId);
			assertThat(actions(order)).as(id + " history").containsOnlyOnce("DISPATCHED", "ACCEPTED", "COMPLETED");
			assertThat(actions(order)).as(id + " history").doesNotContain("UNASSIGNED", "TIMED_OUT");
		}

		// every award arrived once: 200 × floor(3 h × 10 × 1.2) for the member, 200 ×
		// floor(2.5 h × 10 × 1.2) for the leader
		district.awaitBalance(district.memberToken, ORDERS * 36);
		district.awaitBalance(district.leaderToken, ORDERS * 30);
		List<JsonNode> awards = awards(district.memberToken);
		assertThat(awards).hasSize(ORDERS);
		assertThat(awards.stream().map(a -> a.get("orderId").asString()).toList())
			.containsExactlyInAnyOrderElementsOf(orderIds);
		assertThat(awards).allSatisfy(a -> assertThat(a.get("amount").asInt()).isEqualTo(36));
		JsonNode check = gateway.get("/api/points/ledger/check", district.adminToken).expect(200).json();
		assertThat(check.get("balanced").asBoolean()).isTrue();
		assertThat(check.get("issued").asLong()).isEqualTo(ORDERS * (36 + 30));

		assertThat(deadLetters()).as("events in the dead-letter topics").isEmpty();

		// the stack brought both killed replicas back on its own
		await().atMost(Duration.ofMinutes(3)).ignoreExceptions().untilAsserted(() -> {
			assertThat(stack.restarts("order-service-2")).isEqualTo(1);
			assertThat(stack.restarts("points-service-1")).isEqualTo(1);
			for (String instance : List.of("order-service-2", "points-service-1")) {
				assertThat(java.net.http.HttpClient.newHttpClient()
					.send(java.net.http.HttpRequest
						.newBuilder(java.net.URI.create(stack.serviceUrl(instance) + "/actuator/health"))
						.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
					.statusCode()).as(instance).isEqualTo(200);
			}
		});
		assertThat(stack.statusLines())
			.filteredOn(line -> line.startsWith("order-service-2 ") || line.startsWith("points-service-1 "))
			.hasSize(2)
			.allSatisfy(line -> assertThat(line).contains(" up ", "restarts 1 (last: killed by SIGKILL at "));
		assertThat(stack.restarts("order-service")).as("both order-service replicas").isEqualTo(1);
		assertThat(stack.restarts("volunteer-service") + stack.restarts("gateway")).isZero();
	}

	/** One order from placing to the staff's evaluation, as one client does it. */
	private static String runOrder(District d, AtomicInteger placed, Map<String, Integer> lost) {
		Map<String, Object> request = Map.of("category", "ELDERLY", "title", "每周上门帮助买菜", "description",
				"独居老人，需要志愿者帮忙买菜和打扫", "stationId", d.stationId, "address", "浑源县永安镇文化街8号", "contactPhone", "13912345678");
		// one key for all tries: a repeat answers the first order rather than placing a
		// second
		Map<String, String> once = Map.of("Idempotency-Key", UUID.randomUUID().toString());
		Answer answer = until(() -> gateway.post("/api/orders", d.residentToken, request, once), a -> a.status() == 201,
				"place", lost);
		String id = answer.id();
		placed.incrementAndGet();
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status(id, d.residentToken), s -> FLOW.indexOf(s) >= FLOW.indexOf("DISPATCHED"));
		act(id, d,
				() -> gateway.post("/api/orders/" + id + "/accept", d.leaderToken,
						Map.of("volunteerIds", List.of(d.leaderId, d.memberId))),
				o -> reached(o, "ACCEPTED"), "accept", lost);
		act(id, d, () -> gateway.post("/api/orders/" + id + "/start", d.memberToken, Map.of()),
				o -> reached(o, "IN_SERVICE"), "start", lost);
		act(id, d,
				() -> gateway.post("/api/orders/" + id + "/complete", d.leaderToken,
						Map.of("summary", "已上门买菜并打扫", "hours",
								List.of(Map.of("volunteerId", d.leaderId, "hours", 2.5),
										Map.of("volunteerId", d.memberId, "hours", 3)))),
				o -> reached(o, "COMPLETED"), "complete", lost);
		act(id, d, () -> gateway.post("/api/orders/" + id + "/evaluations", d.residentToken,
				Map.of("rating", 5, "comment", "很满意")), o -> evaluatedBy(o, "RESIDENT"), "rate", lost);
		act(id, d, () -> gateway.post("/api/orders/" + id + "/evaluations", d.staffToken,
				Map.of("rating", 4, "comment", "记录完整")), o -> reached(o, "EVALUATED"), "review", lost);
		return id;
	}

	/**
	 * Sends a request that is not safe to repeat blindly: when its answer is lost (a 5xx,
	 * the instance died) or it is refused for now (the team's news has not reached
	 * order-service yet), the order is read to see whether it took effect, and the
	 * request is sent again only if not.
	 */
	private static void act(String id, District d, Supplier<Answer> request, Predicate<JsonNode> done, String what,
			Map<String, Integer> lost) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (true) {
			Answer answer = request.get();
			if (answer.status() == 200) {
				return;
			}
			if (answer.status() >= 500) {
				lost.merge(what, 1, Integer::sum);
			}
			if (done.test(read(id, d.residentToken))) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError(what + " of " + id + " never took effect; last answer " + answer.status() + " "
						+ answer.body());
			}
			sleep(250);
		}
	}

	/**
	 * Sends a request that is safe to repeat (here: with its Idempotency-Key) until it
	 * gets the answer wanted.
	 */
	private static Answer until(Supplier<Answer> request, Predicate<Answer> wanted, String what,
			Map<String, Integer> lost) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (true) {
			Answer answer = request.get();
			if (wanted.test(answer)) {
				return answer;
			}
			if (answer.status() >= 500) {
				lost.merge(what, 1, Integer::sum);
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError(what + " answered " + answer.status() + " " + answer.body());
			}
			sleep(250);
		}
	}

	private static JsonNode read(String id, String token) {
		return until(() -> gateway.get("/api/orders/" + id, token), a -> a.status() == 200, "read", new HashMap<>())
			.json();
	}

	private static String status(String id, String token) {
		Answer answer = gateway.get("/api/orders/" + id, token);
		return (answer.status() == 200) ? answer.json().get("status").asString() : "";
	}

	private static boolean reached(JsonNode order, String status) {
		return FLOW.indexOf(order.get("status").asString()) >= FLOW.indexOf(status);
	}

	private static boolean evaluatedBy(JsonNode order, String evaluator) {
		return reached(order, "EVALUATED") || StreamSupport.stream(order.get("evaluations").spliterator(), false)
			.anyMatch(e -> e.get("by").asString().equals(evaluator));
	}

	private static List<String> actions(JsonNode order) {
		return StreamSupport.stream(order.get("history").spliterator(), false)
			.map(h -> h.get("action").asString())
			.toList();
	}

	private static List<JsonNode> awards(String token) {
		List<JsonNode> awards = new ArrayList<>();
		for (int page = 0;; page++) {
			JsonNode entries = gateway.get("/api/points/accounts/me/entries?size=100&page=" + page, token)
				.expect(200)
				.json();
			StreamSupport.stream(entries.get("items").spliterator(), false)
				.filter(e -> e.get("type").asString().equals("AWARD"))
				.forEach(awards::add);
			if (entries.get("items").size() < 100) {
				return awards;
			}
		}
	}

	/** Each dead-letter topic's partitions that hold a record. */
	private static Map<TopicPartition, Long> deadLetters() throws Exception {
		Map<TopicPartition, Long> found = new HashMap<>();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
			Set<String> topics = new HashSet<>(admin.listTopics().names().get());
			List<String> deadLetterTopics = topics.stream().filter(t -> t.endsWith(".DLT")).toList();
			assertThat(deadLetterTopics).contains("order.events.v1.DLT", "volunteer.events.v1.DLT");
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (TopicDescription topic : admin.describeTopics(deadLetterTopics).allTopicNames().get().values()) {
				topic.partitions()
					.forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
			}
			for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : admin.listOffsets(latest)
				.all()
				.get()
				.entrySet()) {
				if (end.getValue().offset() > 0) {
					found.put(end.getKey(), end.getValue().offset());
				}
			}
		}
		return found;
	}

	private static void kill9(long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
