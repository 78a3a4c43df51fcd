package org.civicdispatch.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 帮办 and 申诉 through the gateway with every service running: a volunteer orders for a
 * neighbour who has an account, the neighbour rates and appeals, staff uphold the appeal,
 * and points, the ledger and the service record follow; staff order for a neighbour
 * without an account and rate on their behalf (代评), and an appeal on day 8 is refused.
 */
class HelpingAndAppealEndToEndTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	private static final GatewayClient gateway = Platform.gateway();

	@Test
	void aNeighbourOrderedForRatesAndAppealsAndTheUpheldAppealCorrectsPointsAndHours() {
		District district = District.setUp(gateway, "1381000", "帮办");
		String neighbourId = district.register("0005", "孙奶奶");
		String neighbourToken = district.login("0005");
		Map<String, Object> order = helpingOrder(district, "孙奶奶", district.phone("0005"));

		// order-service learns the volunteer's station and the neighbour's phone from
		// events: retry until it has
		String orderId = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/orders", district.memberToken, order,
					Map.of("Idempotency-Key", UUID.randomUUID().toString())), a -> a.status() == 201)
			.id();
		// the neighbour's account is known by its phone (at once, or as soon as its event
		// arrives)
		JsonNode placed = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.get("/api/orders/" + orderId, neighbourToken), a -> a.status() == 200)
			.json();
		assertThat(placed.get("residentId").asString()).isEqualTo(neighbourId);
		assertThat(placed.get("placedBy").asString()).isEqualTo(district.memberId);
		assertThat(placed.get("beneficiary").get("name").asString()).isEqualTo("孙奶奶");
		assertThat(placed.get("history").get(0).get("note").asString()).isEqualTo("代 孙奶奶 下单");
		assertThat(ids(gateway.get("/api/orders?mine=true", neighbourToken).expect(200).json())).contains(orderId);
		gateway.get("/api/orders/" + orderId, district.residentToken).expect(403);

		district.awaitDispatchedToTeam(orderId, neighbourToken);
		district.acceptStartComplete(orderId);
		gateway.post("/api/orders/" + orderId + "/evaluations", neighbourToken, Map.of("rating", 4)).expect(200);
		JsonNode evaluated = gateway
			.post("/api/orders/" + orderId + "/evaluations", district.adminToken, Map.of("rating", 1))
			.expect(200)
			.json();
		// 0.6 × 4 + 0.4 × 1 = 2.8: no bonus; 2.5 h and 3 h × 10
		assertThat(evaluated.get("finalRating").decimalValue()).isEqualByComparingTo("2.8");
		district.awaitBalance(district.leaderToken, 25);
		district.awaitBalance(district.memberToken, 30);

		JsonNode appealed = gateway
			.post("/api/orders/" + orderId + "/appeal", neighbourToken, Map.of("reason", "志愿者服务认真，工作人员评分过低"))
			.expect(201)
			.json();
		assertThat(appealed.get("appeal").get("status").asString()).isEqualTo("OPEN");
		gateway.post("/api/orders/" + orderId + "/appeal", neighbourToken, Map.of("reason", "再申诉")).expect(409);
		Map<String, Object> decision = Map.of("upheld", true, "note", "经回访核实，改判", "staffRating", 5, "approvedHours",
				List.of(Map.of("volunteerId", district.memberId, "hours", 4)));
		// the leader served on it: not theirs to decide
		gateway.post("/api/orders/" + orderId + "/appeal/decision", district.leaderToken, decision).expect(403);
		JsonNode decided = gateway.post("/api/orders/" + orderId + "/appeal/decision", district.staffToken, decision)
			.expect(200)
			.json();
		assertThat(decided.get("appeal").get("status").asString()).isEqualTo("UPHELD");
		// 0.6 × 4 + 0.4 × 5 = 4.4 ≥ 4.0: the bonus applies; 2.5 h and 4 h × 10 × 1.2
		assertThat(decided.get("finalRating").decimalValue()).isEqualByComparingTo("4.4");
		gateway.post("/api/orders/" + orderId + "/appeal/decision", district.staffToken, decision).expect(409);

		district.awaitBalance(district.leaderToken, 30);
		district.awaitBalance(district.memberToken, 48);
		JsonNode entries = gateway.get("/api/points/accounts/me/entries", district.memberToken).expect(200).json();
		List<String> lines = new ArrayList<>();
		entries.get("items").forEach(entry -> {
			assertThat(entry.get("orderId").asString()).isEqualTo(orderId);
			assertThat(entry.get("memo").asString()).contains(orderId);
			lines.add(entry.get("type").asString() + " " + entry.get("amount").asInt());
		});
		assertThat(lines).containsExactly("ADJUST -30", "AWARD 48", "AWARD 30");
		await().atMost(EVENTUALLY).untilAsserted(() -> {
			JsonNode profile = gateway.get("/api/volunteers/" + district.memberId, district.memberToken)
				.expect(200)
				.json();
			assertThat(profile.get("serviceHours").decimalValue()).isEqualByComparingTo("4");
		});
		JsonNode check = gateway.get("/api/points/ledger/check", district.adminToken).expect(200).json();
		assertThat(check.get("balanced").asBoolean()).isTrue();
	}

	@Test
	void staffOrderForANeighbourWithoutAnAccountRateOnTheirBehalfAndDay8IsTooLateToAppeal() {
		District district = District.setUp(gateway, "1382000", "代评");
		Map<String, Object> order = helpingOrder(district, "钱大爷", district.phone("0009"));
		Answer refused = gateway.post("/api/orders", district.residentToken, order);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		Map<String, Object> badPhone = helpingOrder(district, "钱大爷", "1234");
		await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/orders", district.staffToken, badPhone).status() == 400);

		String orderId = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/orders", district.staffToken, order), a -> a.status() == 201)
			.id();
		district.awaitDispatchedToTeam(orderId, district.staffToken);
		district.acceptStartComplete(orderId);
		JsonNode onBehalf = gateway
			.post("/api/orders/" + orderId + "/evaluations", district.staffToken,
					Map.of("rating", 5, "comment", "电话回访，老人很满意", "onBehalf", true))
			.expect(200)
			.json();
		assertThat(onBehalf.get("evaluations").get(0).get("onBehalf").asBoolean()).isTrue();
		JsonNode history = onBehalf.get("history");
		assertThat(history.get(history.size() - 1).get("note").asString()).startsWith("代 钱大爷 评价（代评）");
		gateway.post("/api/orders/" + orderId + "/evaluations", district.adminToken, Map.of("rating", 5)).expect(200);

		gateway
			.post("/api/orders/demo/backdate", district.adminToken,
					Map.of("orders", List.of(Map.of("orderId", orderId, "minutes", 8 * 24 * 60))))
			.expect(200);
		Answer tooLate = gateway.post("/api/orders/" + orderId + "/appeal", district.staffToken,
				Map.of("reason", "第 8 天才提出"));
		assertThat(tooLate.status()).isEqualTo(409);
		assertThat(tooLate.contentType()).startsWith("application/problem+json");
		assertThat(tooLate.json().get("detail").asString()).contains("7 天内");
	}

	private static Map<String, Object> helpingOrder(District district, String name, String phone) {
		return Map.of("category", "ELDERLY", "title", "帮邻居老人取药", "description", "老人独居，行动不便", "stationId",
				district.stationId, "address", "平城区御河西路8号2单元102", "contactPhone", "13912345678", "beneficiary",
				Map.of("name", name, "phone", phone));
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").forEach(order -> ids.add(order.get("id").asString()));
		return ids;
	}

}
