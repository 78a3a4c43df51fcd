package org.civicdispatch.volunteer.team;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.nimbusds.jwt.SignedJWT;
import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.TeamMembershipChanged;
import org.civicdispatch.events.TeamRegistered;
import org.civicdispatch.events.TeamSnapshot;
import org.civicdispatch.events.TeamUpdated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.civicdispatch.volunteer.Api;
import org.civicdispatch.volunteer.Api.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Volunteers, their service records, and teams with members, over real HTTP, PostgreSQL
 * and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.seed-admin=true")
@WithRealInfra
class VolunteerAndTeamIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	Api api;

	String admin;

	List<UUID> tree;

	UUID station;

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS, Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void setUp() {
		api = new Api(port);
		admin = api.adminToken();
		tree = api.tree(admin, "大同" + UUID.randomUUID().toString().substring(0, 4));
		station = tree.get(2);
	}

	@Test
	void residentRegistersAsVolunteerOnceWithAReadableNumber() throws Exception {
		User user = api.register("陈志愿");
		Map<String, Object> volunteer = api.post("/api/volunteers", user.token(),
				Map.of("realName", "陈志愿", "skills", List.of("助老", "义诊"), "stationId", station.toString()),
				HttpStatus.CREATED);
		assertThat(volunteer).containsEntry("userId", user.id().toString())
			.containsEntry("realName", "陈志愿")
			.containsEntry("skills", List.of("助老", "义诊"))
			.containsEntry("stationId", station.toString());
		String code = (String) api.get("/api/org-units/" + station, admin, HttpStatus.OK).get("code");
		assertThat((String) volunteer.get("volunteerNo")).isEqualTo(code + "-000001");

		assertThat(api.post("/api/volunteers", user.token(),
				Map.of("realName", "陈志愿", "skills", List.of(), "stationId", station.toString()), HttpStatus.CONFLICT))
			.containsEntry("detail", "您已注册为志愿者");

		User second = api.volunteer("周二号", station);
		assertThat((String) api.get("/api/volunteers/" + second.id(), second.token(), HttpStatus.OK).get("volunteerNo"))
			.isEqualTo(code + "-000002");

		// VOLUNTEER at the next login, and in /api/me.
		User relogged = api.relogin(user);
		assertThat(SignedJWT.parse(relogged.token()).getJWTClaimsSet().getStringListClaim("roles"))
			.containsExactlyInAnyOrder("RESIDENT", "VOLUNTEER");
		Map<String, Object> me = api.get("/api/me", relogged.token(), HttpStatus.OK);
		assertThat(me.get("volunteer")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("volunteerNo", code + "-000001");

		VolunteerRegistered registered = probe
			.awaitOne(VolunteerRegistered.class, (event) -> event.data().userId().equals(user.id()), WAIT)
			.data();
		assertThat(registered.volunteerNo()).isEqualTo(code + "-000001");
		assertThat(registered.stationId()).isEqualTo(station);
		assertThat(registered.skills()).containsExactly("助老", "义诊");
	}

	@Test
	void volunteerNumbersStayUniqueWhenManyRegisterAtOnce() throws Exception {
		List<User> users = IntStream.range(0, 6).mapToObj((i) -> api.register("同时报名" + i)).toList();
		ExecutorService pool = Executors.newFixedThreadPool(users.size());
		try {
			List<Future<Map<String, Object>>> answers = pool.invokeAll(users.stream()
				.<Callable<Map<String, Object>>>map((user) -> () -> api.post("/api/volunteers", user.token(),
						Map.of("realName", user.name(), "stationId", station.toString()), HttpStatus.CREATED))
				.toList());
			Set<Object> numbers = new HashSet<>();
			for (Future<Map<String, Object>> answer : answers) {
				numbers.add(answer.get().get("volunteerNo"));
			}
			String code = (String) api.get("/api/org-units/" + station, admin, HttpStatus.OK).get("code");
			assertThat(numbers).hasSize(6)
				.containsExactlyInAnyOrderElementsOf(
						IntStream.rangeClosed(1, 6).mapToObj((n) -> code + "-" + String.format("%06d", n)).toList());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void badVolunteerRegistrationsAreFieldErrorsAndCreateNothing() {
		User user = api.register("错误示范");
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", " ", "skills", List.of("助老"), "stationId", station.toString())))
			.containsExactly("realName");
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", "错误示范", "stationId", UUID.randomUUID().toString())))
			.containsExactly("stationId");
		// An institute is not a station.
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", "错误示范", "stationId", tree.get(1).toString())))
			.containsExactly("stationId");
		assertThat(fields("/api/volunteers", user.token(), Map.of("realName", "错误示范"))).containsExactly("stationId");
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", "\u3000", "skills", List.of("助老"), "stationId", station.toString())))
			.containsExactly("realName");
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", "错误\u2028示范", "skills", List.of("助老"), "stationId", station.toString())))
			.containsExactly("realName");
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", "错误示范", "skills", List.of("助老\n义诊"), "stationId", station.toString())))
			.containsExactly("skills[0]");
		assertThat(fields("/api/volunteers", user.token(),
				Map.of("realName", "错误示范", "skills", List.of("\u00A0"), "stationId", station.toString())))
			.containsExactly("skills[0]");
		assertThat(count("select count(*) from volunteers where user_id = '" + user.id() + "'")).isZero();
		assertThat(count("select count(*) from volunteer_no_counters where station_id = '" + station + "'")).isZero();
	}

	@Test
	void profilesAndRecordsAreForSelfStaffAndAdmin() {
		User volunteer = api.volunteer("刘服务", station);
		User stranger = api.volunteer("路人甲", station);
		User staff = staffOver(tree.get(1));

		assertThat(api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK))
			.containsEntry("serviceHours", 0);
		api.get("/api/volunteers/" + volunteer.id(), staff.token(), HttpStatus.OK);
		api.get("/api/volunteers/" + volunteer.id(), admin, HttpStatus.OK);
		assertThat(api.get("/api/volunteers/" + volunteer.id(), stranger.token(), HttpStatus.FORBIDDEN))
			.containsEntry("status", 403);
		api.get("/api/volunteers/" + volunteer.id() + "/service-records", stranger.token(), HttpStatus.FORBIDDEN);
		api.get("/api/volunteers/" + volunteer.id() + "/service-records", staff.token(), HttpStatus.OK);
		api.get("/api/volunteers/" + UUID.randomUUID(), admin, HttpStatus.NOT_FOUND);
		api.get("/api/volunteers/" + volunteer.id(), null, HttpStatus.UNAUTHORIZED);
		assertThat(Api.errorFields(api.get("/api/volunteers/" + volunteer.id() + "/service-records?size=500",
				volunteer.token(), HttpStatus.BAD_REQUEST)))
			.containsExactly("size");
	}

	@Test
	void anUpheldAppealRevisesTheServiceRecordOnceAndADismissedOneDoesNot() {
		User volunteer = api.volunteer("周申诉", station);
		UUID orderId = UUID.randomUUID();
		UUID teamId = UUID.randomUUID();
		probe.publish(EventEnvelope.of("/order-service", new OrderEvaluated(orderId, teamId, "ELDERLY", station,
				new BigDecimal("2.4"), List.of(new ApprovedHours(volunteer.id(), new BigDecimal("2"))))));
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK))
						.containsEntry("serviceHours", 2.0));

		EventEnvelope<AppealDecided> dismissed = EventEnvelope.of("/order-service",
				new AppealDecided(orderId, teamId, "ELDERLY", station, false, new BigDecimal("2.4"),
						List.of(new ApprovedHours(volunteer.id(), new BigDecimal("9"))), UUID.randomUUID(), "驳回",
						null));
		EventEnvelope<AppealDecided> upheld = EventEnvelope.of("/order-service",
				new AppealDecided(orderId, teamId, "ELDERLY", station, true, new BigDecimal("3.2"),
						List.of(new ApprovedHours(volunteer.id(), new BigDecimal("3.5"))), UUID.randomUUID(), "改判",
						null));
		probe.publish(dismissed);
		probe.publish(upheld);
		probe.publish(upheld);
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK))
						.containsEntry("serviceHours", 3.5));
		assertThat(count("select count(*) from service_records where order_id = '" + orderId + "'")).isEqualTo(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void evaluatedOrdersBecomeServiceRecordsOnceEvenWhenRedelivered() {
		User volunteer = api.volunteer("孙时长", station);
		User other = api.volunteer("钱时长", station);
		UUID orderId = UUID.randomUUID();
		UUID teamId = UUID.randomUUID();
		EventEnvelope<OrderEvaluated> evaluated = EventEnvelope.of("/order-service",
				new OrderEvaluated(orderId, teamId, "ELDERLY", station, new BigDecimal("4.6"),
						List.of(new ApprovedHours(volunteer.id(), new BigDecimal("2.5")),
								new ApprovedHours(other.id(), new BigDecimal("1.0")),
								new ApprovedHours(UUID.randomUUID(), new BigDecimal("3.0")))));
		probe.publish(evaluated);
		probe.publish(evaluated);
		// The same order announced again under a new event id still counts once per
		// volunteer.
		probe.publish(EventEnvelope.of("/order-service", evaluated.data()));
		EventEnvelope<OrderEvaluated> second = EventEnvelope.of("/order-service",
				new OrderEvaluated(UUID.randomUUID(), teamId, "HEALTH", station, new BigDecimal("5.0"),
						List.of(new ApprovedHours(volunteer.id(), new BigDecimal("1.25"))), "帮独居老人测血压"));
		probe.publish(second);

		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK))
						.containsEntry("serviceHours", 3.75));
		// Give the redeliveries time to be consumed too, then check nothing was counted
		// twice.
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(count("select count(*) from inbox")).isGreaterThanOrEqualTo(3));
		assertThat(api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK))
			.containsEntry("serviceHours", 3.75);
		assertThat(api.get("/api/volunteers/" + other.id(), other.token(), HttpStatus.OK)).containsEntry("serviceHours",
				1.0);
		assertThat(count("select count(*) from service_records where order_id = '" + orderId + "'")).isEqualTo(2);

		Map<String, Object> records = api.get("/api/volunteers/" + volunteer.id() + "/service-records?page=0&size=1",
				volunteer.token(), HttpStatus.OK);
		assertThat(records).containsEntry("totalItems", 2).containsEntry("page", 0).containsEntry("size", 1);
		// the newest first: what the national record rules ask for, the order's title as
		// its content, its station as
		// the place and the organising unit
		assertThat(records.get("items")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((item) -> assertThat((Map<String, Object>) item)
				.containsEntry("orderId", second.data().orderId().toString())
				.containsEntry("content", "帮独居老人测血压")
				.containsEntry("orgUnitId", station.toString())
				.containsEntry("hours", 1.25)
				.containsEntry("servedOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString())
				.containsKeys("place", "orgUnitName", "recordedAt", "category"));
		Map<String, Object> older = api.get("/api/volunteers/" + volunteer.id() + "/service-records?page=1&size=1",
				volunteer.token(), HttpStatus.OK);
		// an event from before titles were carried reads as an untitled order
		assertThat(older.get("items")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((item) -> assertThat((Map<String, Object>) item).containsEntry("content", "志愿服务订单")
				.containsEntry("orderId", orderId.toString()));
		assertThat(((Map<?, ?>) ((List<?>) records.get("items")).get(0)).get("place"))
			.isEqualTo(((Map<?, ?>) ((List<?>) records.get("items")).get(0)).get("orgUnitName"))
			.isNotNull();
	}

	@Test
	void staffOverTheUnitCreatesATeamWhoseLeaderBecomesAMember() {
		User leader = api.volunteer("队长王", station);
		User staff = staffOver(tree.get(1));
		Map<String, Object> body = team("敬老助残分队", "DETACHMENT", null, station, List.of("ELDERLY", "HEALTH"), 3,
				leader.id());
		Map<String, Object> created = api.post("/api/teams", staff.token(), body, HttpStatus.CREATED);
		UUID teamId = Api.id(created);
		assertThat(created).containsEntry("name", "敬老助残分队")
			.containsEntry("level", "DETACHMENT")
			.containsEntry("orgUnitId", station.toString())
			.containsEntry("categories", List.of("ELDERLY", "HEALTH"))
			.containsEntry("capacity", 3)
			.containsEntry("leaderId", leader.id().toString())
			.containsEntry("active", true)
			.containsEntry("members", List.of(Map.of("userId", leader.id().toString(), "name", "队长王")));
		assertThat(api.get("/api/teams/" + teamId, leader.token(), HttpStatus.OK)).isEqualTo(created);

		TeamSnapshot snapshot = probe
			.awaitOne(TeamRegistered.class, (event) -> event.data().team().teamId().equals(teamId), WAIT)
			.data()
			.team();
		assertThat(snapshot.memberIds()).containsExactly(leader.id());
		assertThat(snapshot.version()).isEqualTo(1);
		assertThat(snapshot.categories()).containsExactly("ELDERLY", "HEALTH");

		Map<String, Object> me = api.get("/api/me", leader.token(), HttpStatus.OK);
		assertThat(me.get("teams"))
			.isEqualTo(List.of(Map.of("id", teamId.toString(), "name", "敬老助残分队", "leader", true, "active", true)));

		// A squadron above it, as its parent, by ADMIN.
		UUID squadron = Api.id(api.post("/api/teams", admin,
				team("文明实践中队", "SQUADRON", null, tree.get(1), List.of("CULTURE"), 5, leader.id()), HttpStatus.CREATED));
		api.post("/api/teams", admin, team("下属分队", "DETACHMENT", squadron, station, List.of("LAW"), 1, leader.id()),
				HttpStatus.CREATED);
	}

	@Test
	void badTeamsAreFieldErrorsAndCreateNothing() {
		User leader = api.volunteer("队长李", station);
		User resident = api.register("非志愿者");
		UUID detachment = Api.id(api.post("/api/teams", admin,
				team("已有分队", "DETACHMENT", null, station, List.of("LAW"), 1, leader.id()), HttpStatus.CREATED));
		long before = count("select count(*) from teams");

		assertThat(teamFields(team(" ", "DETACHMENT", null, station, List.of("LAW"), 1, leader.id())))
			.containsExactly("name");
		assertThat(teamFields(team("容量为零", "DETACHMENT", null, station, List.of("LAW"), 0, leader.id())))
			.containsExactly("capacity");
		assertThat(teamFields(team("容量过大", "DETACHMENT", null, station, List.of("LAW"), 1001, leader.id())))
			.containsExactly("capacity");
		assertThat(teamFields(team("分队\u2028名称", "DETACHMENT", null, station, List.of("LAW"), 1, leader.id())))
			.containsExactly("name");
		assertThat(teamFields(team("\u3000", "DETACHMENT", null, station, List.of("LAW"), 1, leader.id())))
			.containsExactly("name");
		assertThat(teamFields(team("类别未知", "DETACHMENT", null, station, List.of("LAW", "DANCING"), 2, leader.id())))
			.containsExactly("categories[1]");
		assertThat(teamFields(team("没有类别", "DETACHMENT", null, station, List.of(), 2, leader.id())))
			.containsExactly("categories");
		assertThat(teamFields(team("队长不是志愿者", "DETACHMENT", null, station, List.of("LAW"), 2, resident.id())))
			.containsExactly("leaderId");
		assertThat(teamFields(team("单位不存在", "DETACHMENT", null, UUID.randomUUID(), List.of("LAW"), 2, leader.id())))
			.containsExactly("orgUnitId");
		assertThat(teamFields(team("上级不存在", "DETACHMENT", UUID.randomUUID(), station, List.of("LAW"), 2, leader.id())))
			.containsExactly("parentId");
		assertThat(teamFields(team("分队下的中队", "SQUADRON", detachment, station, List.of("LAW"), 2, leader.id())))
			.containsExactly("parentId");
		// A parent team belongs to the team's own unit or one above it, not to another
		// part of the tree.
		UUID elsewhere = Api.id(api.post("/api/teams", admin,
				team("别处总队", "CORPS", null, api.tree(admin, "别处" + UUID.randomUUID().toString().substring(0, 4)).get(0),
						List.of("LAW"), 1, leader.id()),
				HttpStatus.CREATED));
		before = count("select count(*) from teams");
		assertThat(teamFields(team("挂在别处", "DETACHMENT", elsewhere, station, List.of("LAW"), 2, leader.id())))
			.containsExactly("parentId");
		assertThat(teamFields(team("层级未知", "BRIGADE", null, station, List.of("LAW"), 2, leader.id())))
			.containsExactly("level");
		Map<String, Object> noLeader = new HashMap<>(
				team("没有队长", "DETACHMENT", null, station, List.of("LAW"), 2, leader.id()));
		noLeader.remove("leaderId");
		assertThat(teamFields(noLeader)).containsExactly("leaderId");

		assertThat(count("select count(*) from teams")).isEqualTo(before);
		assertThat(count(
				"select count(*) from team_members where team_id not in ('" + detachment + "', '" + elsewhere + "')"))
			.isZero();
	}

	@Test
	void onlyStaffOverTheUnitOrAdminManageTeams() {
		User leader = api.volunteer("队长赵", station);
		User member = api.volunteer("队员钱", station);
		User resident = api.register("居民孙");
		List<UUID> otherTree = api.tree(admin, "别区" + UUID.randomUUID().toString().substring(0, 4));
		User otherStaff = staffOver(otherTree.get(0));
		User stationStaff = staffOver(station);
		Map<String, Object> body = team("权限测试分队", "DETACHMENT", null, station, List.of("ETHICS"), 2, leader.id());

		api.post("/api/teams", resident.token(), body, HttpStatus.FORBIDDEN);
		api.post("/api/teams", leader.token(), body, HttpStatus.FORBIDDEN);
		api.post("/api/teams", otherStaff.token(), body, HttpStatus.FORBIDDEN);
		// Staff over the station cannot create a team at the institute above it.
		api.post("/api/teams", stationStaff.token(),
				team("越级中队", "SQUADRON", null, tree.get(1), List.of("ETHICS"), 2, leader.id()), HttpStatus.FORBIDDEN);
		api.post("/api/teams", null, body, HttpStatus.UNAUTHORIZED);
		assertThat(count("select count(*) from teams where name in ('权限测试分队', '越级中队')")).isZero();

		UUID teamId = Api.id(api.post("/api/teams", stationStaff.token(), body, HttpStatus.CREATED));
		api.post("/api/teams/" + teamId + "/members", resident.token(), Map.of("userId", member.id().toString()),
				HttpStatus.FORBIDDEN);
		api.post("/api/teams/" + teamId + "/members", member.token(), Map.of("userId", member.id().toString()),
				HttpStatus.FORBIDDEN);
		api.post("/api/teams/" + teamId + "/deactivate", leader.token(), null, HttpStatus.FORBIDDEN);
		api.post("/api/teams/" + teamId + "/deactivate", otherStaff.token(), null, HttpStatus.FORBIDDEN);
		api.call("PATCH", "/api/teams/" + teamId, resident.token(), Map.of("capacity", 9), HttpStatus.FORBIDDEN);
		// Reading teams needs only a login.
		api.get("/api/teams/" + teamId, resident.token(), HttpStatus.OK);
		api.get("/api/teams/" + teamId, null, HttpStatus.UNAUTHORIZED);
		api.get("/api/teams/" + UUID.randomUUID(), resident.token(), HttpStatus.NOT_FOUND);
		probe.assertNoEvents(TeamMembershipChanged.class, (event) -> event.data().team().teamId().equals(teamId),
				Duration.ofMillis(500));
	}

	@Test
	void staffOfAnotherCentreCannotTouchTeamsOrVolunteersOutsideTheirScope() {
		User leader = api.volunteer("队长甲", station);
		User member = api.volunteer("队员乙", station);
		User newcomer = api.volunteer("新队员丙", station);
		List<UUID> otherTree = api.tree(admin, "外区" + UUID.randomUUID().toString().substring(0, 4));
		User outsider = staffOver(otherTree.get(0));
		User otherVolunteer = api.volunteer("外区志愿者", otherTree.get(2));
		User stationStaff = staffOver(station);
		UUID teamId = Api.id(api.post("/api/teams", admin,
				team("范围分队", "DETACHMENT", null, station, List.of("HEALTH"), 2, leader.id()), HttpStatus.CREATED));
		api.post("/api/teams/" + teamId + "/members", admin, Map.of("userId", member.id().toString()),
				HttpStatus.CREATED);

		// Staff of another centre: no members added or removed, no profiles or records
		// read.
		api.post("/api/teams/" + teamId + "/members", outsider.token(), Map.of("userId", newcomer.id().toString()),
				HttpStatus.FORBIDDEN);
		api.post("/api/teams/" + teamId + "/members", outsider.token(),
				Map.of("userId", otherVolunteer.id().toString()), HttpStatus.FORBIDDEN);
		api.call("DELETE", "/api/teams/" + teamId + "/members/" + member.id(), outsider.token(), null,
				HttpStatus.FORBIDDEN);
		api.call("PATCH", "/api/teams/" + teamId, outsider.token(), Map.of("capacity", 9), HttpStatus.FORBIDDEN);
		api.get("/api/volunteers/" + leader.id(), outsider.token(), HttpStatus.FORBIDDEN);
		api.get("/api/volunteers/" + leader.id() + "/service-records", outsider.token(), HttpStatus.FORBIDDEN);
		assertThat(api.get("/api/teams/" + teamId, outsider.token(), HttpStatus.OK).get("members"))
			.isEqualTo(List.of(Map.of("userId", leader.id().toString(), "name", "队长甲"),
					Map.of("userId", member.id().toString(), "name", "队员乙")));
		// Their own volunteers they may read; the station's staff theirs, not the other
		// centre's.
		api.get("/api/volunteers/" + otherVolunteer.id(), outsider.token(), HttpStatus.OK);
		api.get("/api/volunteers/" + otherVolunteer.id(), stationStaff.token(), HttpStatus.FORBIDDEN);
		api.get("/api/volunteers/" + otherVolunteer.id() + "/service-records", stationStaff.token(),
				HttpStatus.FORBIDDEN);
		api.get("/api/volunteers/" + leader.id(), stationStaff.token(), HttpStatus.OK);
		api.get("/api/volunteers/" + leader.id() + "/service-records", stationStaff.token(), HttpStatus.OK);
		api.get("/api/volunteers/" + UUID.randomUUID(), stationStaff.token(), HttpStatus.NOT_FOUND);
		api.get("/api/volunteers/" + otherVolunteer.id(), otherVolunteer.token(), HttpStatus.OK);

		// The leader manages his own team, staff over the station theirs; neither another
		// leader's.
		api.post("/api/teams/" + teamId + "/members", leader.token(), Map.of("userId", newcomer.id().toString()),
				HttpStatus.CREATED);
		api.call("DELETE", "/api/teams/" + teamId + "/members/" + newcomer.id(), stationStaff.token(), null,
				HttpStatus.OK);
		UUID otherTeam = Api.id(api.post("/api/teams", admin,
				team("外区分队", "DETACHMENT", null, otherTree.get(2), List.of("HEALTH"), 2, otherVolunteer.id()),
				HttpStatus.CREATED));
		api.post("/api/teams/" + otherTeam + "/members", leader.token(), Map.of("userId", newcomer.id().toString()),
				HttpStatus.FORBIDDEN);
		api.post("/api/teams/" + otherTeam + "/members", stationStaff.token(),
				Map.of("userId", newcomer.id().toString()), HttpStatus.FORBIDDEN);
		api.post("/api/teams/" + otherTeam + "/members", outsider.token(), Map.of("userId", newcomer.id().toString()),
				HttpStatus.CREATED);
		probe.assertNoEvents(TeamMembershipChanged.class, (event) -> event.data().team().teamId().equals(teamId)
				&& event.data().userId().equals(otherVolunteer.id()), Duration.ofMillis(500));
	}

	@Test
	void leaderStaffAndAdminManageMembersWithAGrowingVersion() {
		User leader = api.volunteer("队长周", station);
		User first = api.volunteer("队员吴", station);
		User second = api.volunteer("队员郑", station);
		User third = api.volunteer("队员冯", station);
		User resident = api.register("未注册志愿者");
		User staff = staffOver(tree.get(0));
		UUID teamId = Api.id(api.post("/api/teams", admin,
				team("成员分队", "DETACHMENT", null, station, List.of("ENVIRONMENT"), 2, leader.id()), HttpStatus.CREATED));

		Map<String, Object> afterFirst = api.post("/api/teams/" + teamId + "/members", leader.token(),
				Map.of("userId", first.id().toString()), HttpStatus.CREATED);
		assertThat(afterFirst.get("members")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.hasSize(2);
		api.post("/api/teams/" + teamId + "/members", staff.token(), Map.of("userId", second.id().toString()),
				HttpStatus.CREATED);
		api.post("/api/teams/" + teamId + "/members", admin, Map.of("userId", third.id().toString()),
				HttpStatus.CREATED);
		assertThat(api.post("/api/teams/" + teamId + "/members", leader.token(),
				Map.of("userId", first.id().toString()), HttpStatus.CONFLICT))
			.containsEntry("detail", "该志愿者已是本队队员");
		assertThat(Api.errorFields(api.post("/api/teams/" + teamId + "/members", leader.token(),
				Map.of("userId", resident.id().toString()), HttpStatus.BAD_REQUEST)))
			.containsExactly("userId");
		api.post("/api/teams/" + UUID.randomUUID() + "/members", admin, Map.of("userId", first.id().toString()),
				HttpStatus.NOT_FOUND);
		api.call("DELETE", "/api/teams/" + teamId + "/members/" + UUID.randomUUID(), admin, null, HttpStatus.NOT_FOUND);
		api.call("DELETE", "/api/teams/" + UUID.randomUUID() + "/members/" + first.id(), admin, null,
				HttpStatus.NOT_FOUND);

		List<EventEnvelope<TeamMembershipChanged>> changes = probe.awaitEvents(TeamMembershipChanged.class,
				(event) -> event.data().team().teamId().equals(teamId) && event.data().team().version() == 4, WAIT);
		assertThat(changes).hasSize(1);
		assertThat(changes.getFirst().data().team().memberIds()).containsExactly(leader.id(), first.id(), second.id(),
				third.id());
		List<Long> versions = probe.events(TeamMembershipChanged.class)
			.stream()
			.filter((event) -> event.data().team().teamId().equals(teamId))
			.map((event) -> event.data().team().version())
			.toList();
		assertThat(versions).containsExactly(2L, 3L, 4L);
		assertThat(probe.events(TeamMembershipChanged.class)
			.stream()
			.filter((event) -> event.data().team().teamId().equals(teamId))
			.map((event) -> event.data().userId())).containsExactly(first.id(), second.id(), third.id());

		// The leader cannot be removed; a member can.
		api.call("DELETE", "/api/teams/" + teamId + "/members/" + leader.id(), admin, null, HttpStatus.CONFLICT);
		Map<String, Object> afterRemoval = api.call("DELETE", "/api/teams/" + teamId + "/members/" + third.id(),
				leader.token(), null, HttpStatus.OK);
		assertThat(afterRemoval).containsEntry("version", 5);
		probe
			.awaitOne(
					TeamMembershipChanged.class, (event) -> event.data().team().teamId().equals(teamId)
							&& "REMOVED".equals(event.data().change()) && event.data().userId().equals(third.id()),
					WAIT);
	}

	@Test
	void teamsAreUpdatedDeactivatedAndListedWithFilters() {
		User leader = api.volunteer("队长褚", station);
		User newLeader = api.volunteer("新队长卫", station);
		User staff = staffOver(station);
		UUID teamId = Api.id(api.post("/api/teams", staff.token(),
				team("宣讲分队", "DETACHMENT", null, station, List.of("THEORY"), 1, leader.id()), HttpStatus.CREATED));
		UUID otherId = Api.id(api.post("/api/teams", staff.token(),
				team("法律分队", "DETACHMENT", null, station, List.of("LAW", "POLICY"), 2, leader.id()),
				HttpStatus.CREATED));

		Map<String, Object> updated = api.call("PATCH", "/api/teams/" + teamId, staff.token(),
				Map.of("capacity", 4, "categories", List.of("THEORY", "POLICY"), "leaderId", newLeader.id().toString()),
				HttpStatus.OK);
		assertThat(updated).containsEntry("capacity", 4)
			.containsEntry("leaderId", newLeader.id().toString())
			.containsEntry("version", 2);
		assertThat(Api.errorFields(api.call("PATCH", "/api/teams/" + teamId, staff.token(), Map.of("capacity", 0),
				HttpStatus.BAD_REQUEST)))
			.containsExactly("capacity");
		assertThat(Api.errorFields(api.call("PATCH", "/api/teams/" + teamId, staff.token(),
				Map.of("leaderId", UUID.randomUUID().toString()), HttpStatus.BAD_REQUEST)))
			.containsExactly("leaderId");
		assertThat(Api.errorFields(api.call("PATCH", "/api/teams/" + teamId, staff.token(), Map.of("name", "新\n名称"),
				HttpStatus.BAD_REQUEST)))
			.containsExactly("name");
		api.call("PATCH", "/api/teams/" + UUID.randomUUID(), staff.token(), Map.of("capacity", 2),
				HttpStatus.NOT_FOUND);
		TeamSnapshot afterUpdate = probe
			.awaitOne(TeamUpdated.class, (event) -> event.data().team().teamId().equals(teamId), WAIT)
			.data()
			.team();
		assertThat(afterUpdate.memberIds()).containsExactly(leader.id(), newLeader.id());
		assertThat(afterUpdate.leaderId()).isEqualTo(newLeader.id());

		Map<String, Object> deactivated = api.post("/api/teams/" + teamId + "/deactivate", staff.token(), null,
				HttpStatus.OK);
		assertThat(deactivated).containsEntry("active", false).containsEntry("version", 3);
		api.post("/api/teams/" + teamId + "/deactivate", admin, null, HttpStatus.CONFLICT);
		api.post("/api/teams/" + teamId + "/members", admin, Map.of("userId", leader.id().toString()),
				HttpStatus.CONFLICT);
		assertThat(probe.awaitEvents(TeamUpdated.class, (event) -> event.data().team().teamId().equals(teamId), WAIT))
			.extracting((event) -> event.data().team().active())
			.containsExactly(true, false);

		Map<String, Object> policy = api.get("/api/teams?orgUnitId=" + station + "&category=POLICY", leader.token(),
				HttpStatus.OK);
		assertThat(policy).containsEntry("totalItems", 2).containsEntry("page", 0).containsEntry("size", 20);
		Map<String, Object> activeLaw = api.get("/api/teams?orgUnitId=" + station + "&category=LAW&active=true",
				leader.token(), HttpStatus.OK);
		assertThat(activeLaw).containsEntry("totalItems", 1);
		assertThat(activeLaw.get("items")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((item) -> assertThat(((Map<?, ?>) item).get("id")).isEqualTo(otherId.toString()));
		Map<String, Object> paged = api.get("/api/teams?orgUnitId=" + station + "&size=1&page=1", leader.token(),
				HttpStatus.OK);
		assertThat(paged).containsEntry("totalItems", 2);
		assertThat(paged.get("items")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
		assertThat(Api.errorFields(api.get("/api/teams?category=DANCING", leader.token(), HttpStatus.BAD_REQUEST)))
			.containsExactly("category");
	}

	private User staffOver(UUID orgUnitId) {
		User user = api.register("工作人员" + UUID.randomUUID().toString().substring(0, 4));
		api.post("/api/staff", admin, Map.of("userId", user.id().toString(), "orgUnitId", orgUnitId.toString()),
				HttpStatus.CREATED);
		return api.relogin(user);
	}

	private static Map<String, Object> team(String name, String level, UUID parentId, UUID orgUnitId,
			List<String> categories, int capacity, UUID leaderId) {
		Map<String, Object> body = new HashMap<>();
		body.put("name", name);
		body.put("level", level);
		if (parentId != null) {
			body.put("parentId", parentId.toString());
		}
		body.put("orgUnitId", orgUnitId.toString());
		body.put("categories", categories);
		body.put("capacity", capacity);
		body.put("leaderId", leaderId.toString());
		return body;
	}

	private List<String> teamFields(Map<String, Object> body) {
		return fields("/api/teams", admin, body);
	}

	private List<String> fields(String path, String token, Map<String, Object> body) {
		return Api.errorFields(api.post(path, token, body, HttpStatus.BAD_REQUEST));
	}

	private long count(String sql) {
		return database.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
	}

}
