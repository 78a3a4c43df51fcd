package org.civicdispatch.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.localstack.GatewayClient.Answer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One centre/institute/station tree with a staff member, a team (leader and member) at
 * the station and a resident, set up by the development admin through the API.
 */
final class District {

	static final String ADMIN_PHONE = "13800000000";

	static final String ADMIN_PASSWORD = "Admin@12345";

	static final String PASSWORD = "Volunteer@2024";

	static final Duration EVENTUALLY = Duration.ofSeconds(60);

	String adminToken;

	String centreId;

	String instituteId;

	String stationId;

	String staffId;

	String residentId;

	String teamId;

	String leaderId;

	String memberId;

	String leaderToken;

	String memberToken;

	String staffToken;

	String residentToken;

	private final GatewayClient gateway;

	private final String phonePrefix;

	private District(GatewayClient gateway, String phonePrefix) {
		this.gateway = gateway;
		this.phonePrefix = phonePrefix;
	}

	static District setUp(GatewayClient gateway, String phonePrefix, String name) {
		return setUp(gateway, phonePrefix, name, 3);
	}

	/** With a team that takes up to {@code capacity} orders at once. */
	static District setUp(GatewayClient gateway, String phonePrefix, String name, int capacity) {
		District d = new District(gateway, phonePrefix);
		d.adminToken = gateway.login(ADMIN_PHONE, ADMIN_PASSWORD);
		d.centreId = gateway.post("/api/org-units", d.adminToken, orgUnit(name + "区新时代文明实践中心", "CENTRE", null))
			.expect(201)
			.id();
		d.instituteId = gateway
			.post("/api/org-units", d.adminToken, orgUnit(name + "街道新时代文明实践所", "INSTITUTE", d.centreId))
			.expect(201)
			.id();
		d.stationId = gateway
			.post("/api/org-units", d.adminToken, orgUnit(name + "社区新时代文明实践站", "STATION", d.instituteId))
			.expect(201)
			.id();

		d.leaderId = d.register("0001", "王队长");
		d.memberId = d.register("0002", "李志愿");
		d.staffId = d.register("0003", "赵站长");
		d.residentId = d.register("0004", "张大爷");

		d.becomeVolunteer("0001", "王建国");
		d.becomeVolunteer("0002", "李晓红");
		gateway.post("/api/staff", d.adminToken, Map.of("userId", d.staffId, "orgUnitId", d.centreId)).expect(201);
		d.leaderToken = d.login("0001");
		d.memberToken = d.login("0002");
		d.staffToken = d.login("0003");
		d.residentToken = d.login("0004");

		Map<String, Object> team = new java.util.HashMap<>();
		team.put("name", name + "社区助老志愿服务分队");
		team.put("level", "DETACHMENT");
		team.put("orgUnitId", d.stationId);
		team.put("categories", List.of("ELDERLY"));
		team.put("capacity", capacity);
		team.put("leaderId", d.leaderId);
		d.teamId = gateway.post("/api/teams", d.adminToken, team).expect(201).id();
		gateway.post("/api/teams/" + d.teamId + "/members", d.leaderToken, Map.of("userId", d.memberId)).expect(201);
		return d;
	}

	/** The body of {@code POST /api/org-units}. */
	static Map<String, Object> orgUnit(String name, String level, String parentId) {
		Map<String, Object> unit = new java.util.HashMap<>();
		unit.put("name", name);
		unit.put("level", level);
		unit.put("parentId", parentId);
		return unit;
	}

	String phone(String suffix) {
		return this.phonePrefix + suffix;
	}

	String register(String suffix, String name) {
		return gateway
			.post("/api/auth/register", null, Map.of("phone", phone(suffix), "password", PASSWORD, "name", name))
			.expect(201)
			.id();
	}

	String login(String suffix) {
		return gateway.login(phone(suffix), PASSWORD);
	}

	void becomeVolunteer(String suffix, String realName) {
		gateway
			.post("/api/volunteers", login(suffix),
					Map.of("realName", realName, "skills", List.of("助老", "陪诊"), "stationId", this.stationId))
			.expect(201);
	}

	String placeOrder() {
		Map<String, Object> order = Map.of("category", "ELDERLY", "title", "帮独居老人买菜、打扫卫生", "description",
				"老人腿脚不便，每周需要一次上门帮助", "stationId", this.stationId, "address", "平城区御河东路12号3单元201", "contactPhone",
				"13912345678");
		// order-service learns the new station from volunteer-service's events: retry
		// until it has
		Answer placed = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/orders", this.residentToken, order,
					Map.of("Idempotency-Key", UUID.randomUUID().toString())), a -> a.status() == 201);
		assertThat(placed.json().get("status").asString()).isEqualTo("PLACED");
		return placed.id();
	}

	/**
	 * The platform dispatches on its own once the team's events have reached
	 * order-service.
	 */
	void awaitDispatchedToTeam(String orderId) {
		awaitDispatchedToTeam(orderId, this.residentToken);
	}

	/**
	 * Waits until the order, as {@code readerToken} sees it, has been dispatched to this
	 * district's team.
	 */
	void awaitDispatchedToTeam(String orderId, String readerToken) {
		await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode order = gateway.get("/api/orders/" + orderId, readerToken).expect(200).json();
			assertThat(order.get("status").asString()).isEqualTo("DISPATCHED");
			assertThat(order.get("teamId").asString()).isEqualTo(this.teamId);
		});
	}

	void accept(String orderId) {
		// the member's membership reaches order-service as an event: retry until it has
		await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode accepted = gateway
				.post("/api/orders/" + orderId + "/accept", this.leaderToken,
						Map.of("volunteerIds", List.of(this.leaderId, this.memberId)))
				.expect(200)
				.json();
			assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
		});
	}

	void startAndComplete(String orderId) {
		assertThat(gateway.post("/api/orders/" + orderId + "/start", this.memberToken, Map.of())
			.expect(200)
			.json()
			.get("status")
			.asString()).isEqualTo("IN_SERVICE");
		JsonNode completed = gateway.post("/api/orders/" + orderId + "/complete", this.leaderToken,
				Map.of("summary", "已上门买菜并打扫厨房、卫生间", "hours", List.of(Map.of("volunteerId", this.leaderId, "hours", 2.5),
						Map.of("volunteerId", this.memberId, "hours", 3))))
			.expect(200)
			.json();
		assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
	}

	void acceptStartComplete(String orderId) {
		accept(orderId);
		startAndComplete(orderId);
	}

	/** Resident 5, staff 4: final rating 0.6 × 5 + 0.4 × 4 = 4.6. */
	JsonNode evaluate(String orderId) {
		return evaluate(orderId, Map.of());
	}

	/**
	 * Like {@link #evaluate(String)}, the staff's evaluation, which closes the order,
	 * sent with {@code staffHeaders}.
	 */
	JsonNode evaluate(String orderId, Map<String, String> staffHeaders) {
		JsonNode afterResident = gateway
			.post("/api/orders/" + orderId + "/evaluations", this.residentToken,
					Map.of("rating", 5, "comment", "服务很周到，谢谢志愿者！"))
			.expect(200)
			.json();
		assertThat(afterResident.get("status").asString()).isEqualTo("COMPLETED");
		JsonNode evaluated = gateway
			.post("/api/orders/" + orderId + "/evaluations", this.staffToken,
					Map.of("rating", 4, "comment", "按时完成，记录完整"), staffHeaders)
			.expect(200)
			.json();
		assertThat(evaluated.get("status").asString()).isEqualTo("EVALUATED");
		return evaluated;
	}

	void awaitBalance(String token, int balance) {
		await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode account = gateway.get("/api/points/accounts/me", token).expect(200).json();
			assertThat(account.get("balance").asInt()).isEqualTo(balance);
		});
	}

	/** The station's staff stocks an item; the member redeems one. */
	JsonNode redeem(int cost) {
		Map<String, Object> item = Map.of("name", "环保购物袋", "description", "可重复使用的帆布袋", "pointsCost", cost, "stock", 5,
				"stationId", this.stationId);
		// points-service learns the station and the staff scope from events: retry until
		// it has
		String itemId = await().atMost(EVENTUALLY)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/store/items", this.staffToken, item), a -> a.status() == 201)
			.id();
		return gateway
			.post("/api/store/redemptions", this.memberToken, Map.of("itemId", itemId, "quantity", 1),
					Map.of("Idempotency-Key", UUID.randomUUID().toString()))
			.expect(201)
			.json();
	}

}
