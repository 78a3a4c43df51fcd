package org.civicdispatch.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.civicdispatch.localstack.GatewayClient.Answer;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A small world for the fuzzer, set up through the gateway by the development admin: a
 * centre/institute/station tree, a staff member over the centre, a team (leader and
 * member) at the station, a resident with three orders (dispatched, in service,
 * completed), an item in the station's store, and a redemption of it by the member, paid
 * with points the admin gave. Every token is taken before fuzzing starts, and the fuzzer
 * never sends these people's phones, so that a throttle on failed logins cannot touch
 * them.
 */
final class FuzzWorld {

	static final String ADMIN_PHONE = "13800000000";

	static final String ADMIN_PASSWORD = "Admin@12345";

	static final String PASSWORD = "Fuzzing@2024";

	private static final Duration EVENTUALLY = Duration.ofSeconds(90);

	/** Who sends a request: no token, or the token of one role. */
	enum Role {

		ANONYMOUS, RESIDENT, VOLUNTEER, LEADER, STAFF, ADMIN

	}

	final Map<Role, String> tokens = new LinkedHashMap<>();

	final Map<Role, String> userIds = new LinkedHashMap<>();

	String centreId;

	String instituteId;

	String stationId;

	String teamId;

	/** Dispatched to the team, waiting for its leader. */
	String orderId;

	/** Accepted by the team and started. */
	String inServiceOrderId;

	/** Completed, waiting for the resident's and the staff's evaluations. */
	String completedOrderId;

	String itemId;

	String redemptionId;

	String pickupCode;

	String entryId;

	private final GatewayClient gateway;

	private final String phonePrefix;

	private FuzzWorld(GatewayClient gateway, String phonePrefix) {
		this.gateway = gateway;
		this.phonePrefix = phonePrefix;
	}

	static FuzzWorld setUp(GatewayClient gateway, String phonePrefix) {
		FuzzWorld w = new FuzzWorld(gateway, phonePrefix);
		String admin = gateway.login(ADMIN_PHONE, ADMIN_PASSWORD);
		w.tokens.put(Role.ADMIN, admin);
		w.userIds.put(Role.ADMIN, gateway.get("/api/me", admin).expect(200).id());
		w.centreId = w.orgUnit("模糊测试区新时代文明实践中心", "CENTRE", null);
		w.instituteId = w.orgUnit("模糊测试街道新时代文明实践所", "INSTITUTE", w.centreId);
		w.stationId = w.orgUnit("模糊测试社区新时代文明实践站", "STATION", w.instituteId);

		w.userIds.put(Role.LEADER, w.register("0001", "王队长"));
		w.userIds.put(Role.VOLUNTEER, w.register("0002", "李志愿"));
		w.userIds.put(Role.STAFF, w.register("0003", "赵站长"));
		w.userIds.put(Role.RESIDENT, w.register("0004", "张大爷"));
		w.becomeVolunteer("0001", "王建国");
		w.becomeVolunteer("0002", "李晓红");
		gateway.post("/api/staff", admin, Map.of("userId", w.userIds.get(Role.STAFF), "orgUnitId", w.centreId))
			.expect(201);
		w.tokens.put(Role.LEADER, w.login("0001"));
		w.tokens.put(Role.VOLUNTEER, w.login("0002"));
		w.tokens.put(Role.STAFF, w.login("0003"));
		w.tokens.put(Role.RESIDENT, w.login("0004"));

		Map<String, Object> team = new HashMap<>();
		team.put("name", "模糊测试社区助老志愿服务分队");
		team.put("level", "DETACHMENT");
		team.put("orgUnitId", w.stationId);
		team.put("categories", List.of("ELDERLY"));
		team.put("capacity", 10);
		team.put("leaderId", w.userIds.get(Role.LEADER));
		w.teamId = gateway.post("/api/teams", admin, team).expect(201).id();
		gateway
			.post("/api/teams/" + w.teamId + "/members", w.tokens.get(Role.LEADER),
					Map.of("userId", w.userIds.get(Role.VOLUNTEER)))
			.expect(201);

		// order-service and points-service learn the station, the staff scope and the
		// people from events;
		// three orders, so that the fuzzer meets one dispatched, one in service and one
		// completed
		w.orderId = w.placeOrder();
		w.inServiceOrderId = w.placeOrder();
		w.completedOrderId = w.placeOrder();
		for (String id : List.of(w.orderId, w.inServiceOrderId, w.completedOrderId)) {
			eventually(() -> gateway.get("/api/orders/" + id, w.token(Role.RESIDENT)),
					(a) -> a.status() == 200 && "DISPATCHED".equals(a.json().path("status").asString())
							&& w.teamId.equals(a.json().path("teamId").asString()));
		}
		for (String id : List.of(w.inServiceOrderId, w.completedOrderId)) {
			// the member's membership reaches order-service as an event
			eventually(() -> gateway.post("/api/orders/" + id + "/accept", w.token(Role.LEADER),
					Map.of("volunteerIds", List.of(w.userId(Role.LEADER), w.userId(Role.VOLUNTEER)))), 200);
			gateway.post("/api/orders/" + id + "/start", w.token(Role.VOLUNTEER), Map.of()).expect(200);
		}
		gateway.post("/api/orders/" + w.completedOrderId + "/complete", w.token(Role.LEADER),
				Map.of("summary", "已上门买菜并打扫厨房", "hours",
						List.of(Map.of("volunteerId", w.userId(Role.LEADER), "hours", 2.5),
								Map.of("volunteerId", w.userId(Role.VOLUNTEER), "hours", 3))))
			.expect(200);
		Map<String, Object> item = Map.of("name", "环保购物袋", "description", "可重复使用的帆布袋", "pointsCost", 10, "stock", 50,
				"stationId", w.stationId);
		w.itemId = eventually(() -> gateway.post("/api/store/items", w.tokens.get(Role.STAFF), item), 201).id();
		Map<String, Object> adjustment = Map.of("userId", w.userIds.get(Role.VOLUNTEER), "amount", 100, "reason",
				"模糊测试初始积分");
		w.entryId = eventually(() -> gateway.post("/api/points/adjustments", admin, adjustment), 201).id();
		JsonNode redemption = gateway
			.post("/api/store/redemptions", w.tokens.get(Role.VOLUNTEER), Map.of("itemId", w.itemId, "quantity", 1),
					Map.of("Idempotency-Key", UUID.randomUUID().toString()))
			.expect(201)
			.json();
		w.redemptionId = redemption.get("id").asString();
		w.pickupCode = redemption.get("pickupCode").asString();
		return w;
	}

	private String placeOrder() {
		Map<String, Object> order = Map.of("category", "ELDERLY", "title", "帮独居老人买菜", "description", "每周一次上门帮助",
				"stationId", this.stationId, "address", "模糊测试区御河东路12号", "contactPhone", "13912345678");
		return eventually(() -> this.gateway.post("/api/orders", token(Role.RESIDENT), order,
				Map.of("Idempotency-Key", UUID.randomUUID().toString())), 201)
			.id();
	}

	List<String> orderIds() {
		return List.of(this.orderId, this.inServiceOrderId, this.completedOrderId);
	}

	/** Phones of this world's people: the fuzzer keeps away from them. */
	boolean ownsPhone(String phone) {
		return phone.startsWith(this.phonePrefix) || phone.equals(ADMIN_PHONE);
	}

	String token(Role role) {
		return this.tokens.get(role);
	}

	String userId(Role role) {
		return this.userIds.get(role);
	}

	/**
	 * Every read a person of this world relies on, each with the token that may read it.
	 */
	List<Read> reads() {
		List<Read> reads = new ArrayList<>();
		String admin = token(Role.ADMIN);
		for (String order : orderIds()) {
			reads.add(new Read("/api/orders/" + order, token(Role.RESIDENT)));
			reads.add(new Read("/api/orders/" + order, token(Role.LEADER)));
			reads.add(new Read("/api/orders/" + order, admin));
		}
		reads.add(new Read("/api/teams/" + this.teamId, token(Role.VOLUNTEER)));
		reads.add(new Read("/api/store/items/" + this.itemId, token(Role.VOLUNTEER)));
		reads.add(new Read("/api/store/redemptions/" + this.redemptionId, token(Role.VOLUNTEER)));
		reads.add(new Read("/api/org-units/" + this.stationId, admin));
		reads.add(new Read("/api/volunteers/" + userId(Role.VOLUNTEER), admin));
		reads.add(new Read("/api/volunteers/" + userId(Role.VOLUNTEER) + "/service-records", token(Role.VOLUNTEER)));
		reads.add(new Read("/api/points/accounts/" + userId(Role.VOLUNTEER), admin));
		for (Role role : this.tokens.keySet()) {
			reads.add(new Read("/api/me", token(role)));
			reads.add(new Read("/api/points/accounts/me", token(role)));
			reads.add(new Read("/api/points/accounts/me/entries", token(role)));
			reads.add(new Read("/api/orders?mine=true", token(role)));
			reads.add(new Read("/api/store/redemptions?mine=true", token(role)));
		}
		// the lists everything the fuzzer made lands in
		reads.add(new Read("/api/org-units", null));
		reads.add(new Read("/api/catalog", null));
		reads.add(new Read("/api/store/items", null));
		reads.add(new Read("/api/store/items?includeInactive=true", admin));
		reads.add(new Read("/api/teams", admin));
		reads.add(new Read("/api/orders", admin));
		reads.add(new Read("/api/store/redemptions", admin));
		reads.add(new Read("/api/points/leaderboard?period=all", admin));
		reads.add(new Read("/api/points/rules", admin));
		reads.add(new Read("/api/points/ledger/check", admin));
		return reads;
	}

	/**
	 * A GET the world's people rely on, with the token that may read it ({@code null}:
	 * anyone).
	 */
	record Read(String path, String token) {
	}

	private String orgUnit(String name, String level, String parentId) {
		Map<String, Object> unit = new HashMap<>();
		unit.put("name", name);
		unit.put("level", level);
		unit.put("parentId", parentId);
		return this.gateway.post("/api/org-units", token(Role.ADMIN), unit).expect(201).id();
	}

	private String register(String suffix, String name) {
		return this.gateway
			.post("/api/auth/register", null,
					Map.of("phone", this.phonePrefix + suffix, "password", PASSWORD, "name", name))
			.expect(201)
			.id();
	}

	private String login(String suffix) {
		return this.gateway.login(this.phonePrefix + suffix, PASSWORD);
	}

	private void becomeVolunteer(String suffix, String realName) {
		this.gateway
			.post("/api/volunteers", login(suffix),
					Map.of("realName", realName, "skills", List.of("助老", "陪诊"), "stationId", this.stationId))
			.expect(201);
	}

	private static Answer eventually(Callable<Answer> call, int status) {
		return eventually(call, (a) -> a.status() == status);
	}

	private static Answer eventually(Callable<Answer> call, Predicate<Answer> done) {
		return await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).until(call, done);
	}

}
