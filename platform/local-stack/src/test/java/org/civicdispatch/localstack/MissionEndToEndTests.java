package org.civicdispatch.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mission flow a district runs, driven only through the gateway's HTTP API of the
 * whole {@link Platform}. Needs the services' jars, which the reactor has packaged before
 * this module (see the pom).
 */
class MissionEndToEndTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	private static final GatewayClient gateway = Platform.gateway();

	@Test
	void residentOrdersTeamServesBothEvaluateVolunteersEarnAndRedeem() {
		District district = District.setUp(gateway, "1390000", "新荣");
		String orderId = district.placeOrder();
		district.awaitDispatchedToTeam(orderId);
		district.acceptStartComplete(orderId);
		JsonNode evaluated = district.evaluate(orderId);
		assertThat(evaluated.get("finalRating").decimalValue()).isEqualByComparingTo("4.6");

		// floor(hours × 10 × 1.0 × 1.2) because the final rating 4.6 ≥ 4.0
		district.awaitBalance(district.leaderToken, 30);
		district.awaitBalance(district.memberToken, 36);
		await().atMost(EVENTUALLY).untilAsserted(() -> {
			JsonNode profile = gateway.get("/api/volunteers/" + district.memberId, district.memberToken)
				.expect(200)
				.json();
			assertThat(profile.get("serviceHours").decimalValue()).isEqualByComparingTo("3");
		});

		JsonNode redemption = district.redeem(20);
		assertThat(redemption.get("status").asString()).isEqualTo("RESERVED");
		assertThat(redemption.get("pointsSpent").asInt()).isEqualTo(20);
		JsonNode fulfilled = gateway
			.post("/api/store/redemptions/" + redemption.get("id").asString() + "/fulfil", district.staffToken,
					Map.of("pickupCode", redemption.get("pickupCode").asString()))
			.expect(200)
			.json();
		assertThat(fulfilled.get("status").asString()).isEqualTo("FULFILLED");

		JsonNode member = gateway.get("/api/points/accounts/me", district.memberToken).expect(200).json();
		assertThat(member.get("balance").asInt()).isEqualTo(16);
		assertThat(member.get("earned").asInt()).isEqualTo(36);
		assertThat(member.get("redeemed").asInt()).isEqualTo(20);
		JsonNode entries = gateway.get("/api/points/accounts/me/entries", district.memberToken).expect(200).json();
		assertThat(types(entries.get("items"))).containsExactly("REDEEM", "AWARD");

		JsonNode check = gateway.get("/api/points/ledger/check", district.adminToken).expect(200).json();
		assertThat(check.get("balanced").asBoolean()).isTrue();
	}

	@Test
	void pointsServiceDownAfterAcceptTheOrderStillClosesAndTheAwardArrivesOnceWhenItIsBack() throws Exception {
		District district = District.setUp(gateway, "1391000", "云冈");
		String orderId = district.placeOrder();
		district.awaitDispatchedToTeam(orderId);
		district.accept(orderId);

		Platform.stack().stopService("points-service");
		try {
			Answer down = gateway.get("/api/points/accounts/me", district.memberToken);
			assertThat(down.status()).isEqualTo(503);
			assertThat(down.contentType()).startsWith("application/problem+json");
			assertThat(down.body()).contains("points-service");
			// the rest of the platform goes on
			district.startAndComplete(orderId);
			district.evaluate(orderId);
			assertThat(gateway.get("/api/catalog", null).status()).isEqualTo(200);
			assertThat(gateway.get("/api/store/items", null).status()).isEqualTo(503);
		}
		finally {
			Platform.stack().startService("points-service");
		}

		district.awaitBalance(district.leaderToken, 30);
		district.awaitBalance(district.memberToken, 36);
		// redelivery after the restart must not pay twice: give it time, then count the
		// awards
		Thread.sleep(5_000);
		JsonNode entries = gateway.get("/api/points/accounts/me/entries", district.memberToken).expect(200).json();
		List<JsonNode> awards = StreamSupport.stream(entries.get("items").spliterator(), false)
			.filter(e -> e.get("type").asString().equals("AWARD"))
			.toList();
		assertThat(awards).hasSize(1);
		assertThat(awards.get(0).get("orderId").asString()).isEqualTo(orderId);
		assertThat(awards.get(0).get("amount").asInt()).isEqualTo(36);
		assertThat(
				gateway.get("/api/points/accounts/me", district.memberToken).expect(200).json().get("balance").asInt())
			.isEqualTo(36);
		JsonNode check = gateway.get("/api/points/ledger/check", district.adminToken).expect(200).json();
		assertThat(check.get("balanced").asBoolean()).isTrue();
	}

	private static List<String> types(JsonNode items) {
		return StreamSupport.stream(items.spliterator(), false).map(e -> e.get("type").asString()).toList();
	}

}
