package org.civicdispatch.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 心愿墙 and 抢单 through the gateway of the whole {@link Platform}: a resident's wish, read
 * by anyone, claimed by a team leader, served, evaluated and paid in points; a station in
 * grab mode whose order one leader grabs while the other is refused, and whose unclaimed
 * order the platform dispatches once the window has passed.
 */
class WishesAndGrabEndToEndTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	private static final GatewayClient gateway = Platform.gateway();

	@Test
	void aWishIsClaimedServedEvaluatedAndEarnsPoints() {
		District d = District.setUp(gateway, "1383000", "镇川");
		Map<String, Object> wish = Map.of("title", "想有人陪我去公园走走", "description", "腿脚不好，一个人不敢出门", "stationId",
				d.stationId, "contactPhone", "13912345678");
		// order-service learns the new station from volunteer-service's events: retry
		// until it has
		String wishId = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/wishes", d.residentToken, wish), a -> a.status() == 201)
			.id();

		// the wall needs no token, and never shows the phone
		JsonNode wall = gateway.get("/api/wishes?stationId=" + d.stationId + "&status=OPEN", null).expect(200).json();
		assertThat(wall.get("totalItems").asInt()).isEqualTo(1);
		assertThat(wall.get("items").get(0).get("contactPhone").asString()).isEqualTo("139****5678");
		assertThat(wall.get("items").get(0).get("stationName").asString()).isEqualTo("镇川社区新时代文明实践站");

		// the team and its member reach order-service as events: retry until they have
		JsonNode claimed = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/wishes/" + wishId + "/claim", d.leaderToken,
					Map.of("teamId", d.teamId, "volunteerIds", List.of(d.leaderId, d.memberId))),
					a -> a.status() == 200)
			.json();
		assertThat(claimed.get("status").asString()).isEqualTo("CLAIMED");
		assertThat(claimed.get("teamName").asString()).isEqualTo("镇川社区助老志愿服务分队");
		String orderId = claimed.get("orderId").asString();
		assertThat(gateway
			.post("/api/wishes/" + wishId + "/claim", d.leaderToken,
					Map.of("teamId", d.teamId, "volunteerIds", List.of(d.memberId)))
			.status()).isEqualTo(409);

		JsonNode order = gateway.get("/api/orders/" + orderId, d.residentToken).expect(200).json();
		assertThat(order.get("category").asString()).isEqualTo("WISH");
		assertThat(order.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(order.get("residentId").asString()).isEqualTo(d.residentId);
		assertThat(order.get("teamId").asString()).isEqualTo(d.teamId);

		d.startAndComplete(orderId);
		JsonNode evaluated = d.evaluate(orderId);
		assertThat(evaluated.get("finalRating").decimalValue()).isEqualByComparingTo("4.6");
		// floor(hours × 10 × 1.0 × 1.2), as for any order rated 4.0 or more
		d.awaitBalance(d.leaderToken, 30);
		d.awaitBalance(d.memberToken, 36);
		JsonNode entries = gateway.get("/api/points/accounts/me/entries", d.memberToken).expect(200).json();
		assertThat(entries.get("items").get(0).get("orderId").asString()).isEqualTo(orderId);
		await().atMost(EVENTUALLY)
			.untilAsserted(
					() -> assertThat(gateway.get("/api/volunteers/" + d.memberId + "/service-records", d.memberToken)
						.expect(200)
						.json()
						.get("items")
						.findValuesAsString("category")).contains("WISH"));

		// a wish nobody takes is closed by staff; then nobody claims it
		String unwanted = gateway.post("/api/wishes", d.residentToken, wish).expect(201).id();
		assertThat(gateway.post("/api/wishes/" + unwanted + "/close", d.memberToken, Map.of("reason", "不想要了")).status())
			.isEqualTo(403);
		JsonNode closed = gateway.post("/api/wishes/" + unwanted + "/close", d.staffToken, Map.of("reason", "已由社区直接解决"))
			.expect(200)
			.json();
		assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
		assertThat(gateway
			.post("/api/wishes/" + unwanted + "/claim", d.leaderToken,
					Map.of("teamId", d.teamId, "volunteerIds", List.of(d.memberId)))
			.status()).isEqualTo(409);
		JsonNode check = gateway.get("/api/points/ledger/check", d.adminToken).expect(200).json();
		assertThat(check.get("balanced").asBoolean()).isTrue();
	}

	@Test
	void inGrabModeOneLeaderGrabsTheOtherIsRefusedAndAnUnclaimedOrderIsDispatchedAfterTheWindow() {
		District d = District.setUp(gateway, "1384000", "御河");
		// a second team at the station, led by another volunteer
		String rivalId = d.register("0005", "陈队长");
		d.becomeVolunteer("0005", "陈志强");
		String rivalToken = d.login("0005");
		Map<String, Object> team = new java.util.HashMap<>();
		team.put("name", "御河社区便民志愿服务分队");
		team.put("level", "DETACHMENT");
		team.put("orgUnitId", d.stationId);
		team.put("categories", List.of("ELDERLY"));
		team.put("capacity", 3);
		team.put("leaderId", rivalId);
		String rivalTeamId = gateway.post("/api/teams", d.adminToken, team).expect(201).id();

		assertThat(gateway
			.put("/api/dispatch/stations/" + d.stationId, d.residentToken,
					Map.of("mode", "GRAB", "grabWindowMinutes", 10))
			.status()).isEqualTo(403);
		JsonNode mode = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.put("/api/dispatch/stations/" + d.stationId, d.staffToken,
					Map.of("mode", "GRAB", "grabWindowMinutes", 10)), a -> a.status() == 200)
			.json();
		assertThat(mode.get("mode").asString()).isEqualTo("GRAB");

		String grabbed = d.placeOrder();
		String unclaimed = d.placeOrder();
		for (String leader : List.of(d.leaderToken, rivalToken)) {
			await().atMost(EVENTUALLY)
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(gateway.get("/api/orders/pool", leader)
					.expect(200)
					.json()
					.get("items")
					.findValuesAsString("id")).contains(grabbed, unclaimed));
		}
		JsonNode won = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/orders/" + grabbed + "/claim", d.leaderToken,
					Map.of("teamId", d.teamId, "volunteerIds", List.of(d.leaderId, d.memberId))),
					a -> a.status() == 200)
			.json();
		assertThat(won.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(won.get("teamId").asString()).isEqualTo(d.teamId);
		Answer lost = gateway.post("/api/orders/" + grabbed + "/claim", rivalToken,
				Map.of("teamId", rivalTeamId, "volunteerIds", List.of(rivalId)));
		assertThat(lost.status()).isEqualTo(409);
		assertThat(lost.contentType()).startsWith("application/problem+json");
		assertThat(gateway.get("/api/orders/pool", rivalToken).expect(200).json().get("items").findValuesAsString("id"))
			.containsExactly(unclaimed);
		assertThat(gateway.get("/api/orders/" + unclaimed, d.residentToken).expect(200).json().get("status").asString())
			.isEqualTo("PLACED");

		// ten minutes on (the local stack's demo tool moves the order back in time),
		// nobody has grabbed it:
		// the platform dispatches it as in AUTO, to a team with room
		gateway
			.post("/api/orders/demo/backdate", d.adminToken,
					Map.of("orders", List.of(Map.of("orderId", unclaimed, "minutes", 11))))
			.expect(200);
		await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode order = gateway.get("/api/orders/" + unclaimed, d.residentToken).expect(200).json();
			assertThat(order.get("status").asString()).isEqualTo("DISPATCHED");
			assertThat(Set.of(d.teamId, rivalTeamId)).contains(order.get("teamId").asString());
		});
		assertThat(StreamSupport
			.stream(gateway.get("/api/orders/pool", rivalToken).expect(200).json().get("items").spliterator(), false)
			.count()).isZero();
	}

}
