package org.civicdispatch.volunteer.org;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.StaffScopeGranted;
import org.civicdispatch.events.Topics;
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

/** The org tree's parent rules, who may build it, and staff scopes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.seed-admin=true")
@WithRealInfra
class OrgAndStaffIntegrationTests {

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	Api api;

	String admin;

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void api() {
		api = new Api(port);
		admin = api.adminToken();
	}

	@Test
	void adminBuildsTheTreeTopDownAndAnyoneReadsIt() {
		List<UUID> tree = api.tree(admin, "平城区");
		UUID centre = tree.get(0);
		UUID institute = tree.get(1);
		UUID station = tree.get(2);

		Map<String, Object> read = api.get("/api/org-units/" + station, admin, HttpStatus.OK);
		assertThat(read).containsEntry("name", "平城区文明实践站")
			.containsEntry("level", "STATION")
			.containsEntry("parentId", institute.toString())
			.containsEntry("ancestorIds", List.of(centre.toString(), institute.toString()));
		assertThat((String) read.get("code")).matches("S\\d{4,}");

		List<Map<String, Object>> all = api.client.get()
			.uri("/api/org-units")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(all).extracting((unit) -> unit.get("id"))
			.contains(centre.toString(), institute.toString(), station.toString());
		assertThat(all).filteredOn((unit) -> unit.get("id").equals(centre.toString()))
			.singleElement()
			.satisfies((unit) -> assertThat(unit).containsEntry("level", "CENTRE").containsEntry("parentId", null));

		OrgUnitCreated created = probe
			.awaitOne(OrgUnitCreated.class, (event) -> event.data().orgUnitId().equals(station), Duration.ofSeconds(20))
			.data();
		assertThat(created.level()).isEqualTo("STATION");
		assertThat(created.parentId()).isEqualTo(institute);
		assertThat(created.ancestorIds()).containsExactly(centre, institute);
		assertThat(probe
			.awaitOne(OrgUnitCreated.class, (event) -> event.data().orgUnitId().equals(centre), Duration.ofSeconds(5))
			.data()
			.ancestorIds()).isEmpty();
	}

	@Test
	void parentRulesAreFieldErrorsAndCreateNothing() {
		List<UUID> tree = api.tree(admin, "云州区");
		UUID centre = tree.get(0);
		UUID institute = tree.get(1);
		UUID station = tree.get(2);
		long before = count();

		assertThat(fieldsOf(Map.of("name", "第二中心", "level", "CENTRE", "parentId", centre.toString())))
			.containsExactly("parentId");
		assertThat(fieldsOf(Map.of("name", "无上级的所", "level", "INSTITUTE"))).containsExactly("parentId");
		assertThat(fieldsOf(Map.of("name", "挂在站下的所", "level", "INSTITUTE", "parentId", station.toString())))
			.containsExactly("parentId");
		assertThat(fieldsOf(Map.of("name", "挂在中心下的站", "level", "STATION", "parentId", centre.toString())))
			.containsExactly("parentId");
		assertThat(fieldsOf(Map.of("name", "挂在站下的站", "level", "STATION", "parentId", station.toString())))
			.containsExactly("parentId");
		assertThat(fieldsOf(Map.of("name", "上级不存在", "level", "STATION", "parentId", UUID.randomUUID().toString())))
			.containsExactly("parentId");
		assertThat(fieldsOf(Map.of("name", "某单位", "level", "PROVINCE"))).containsExactly("level");
		assertThat(fieldsOf(Map.of("name", " ", "level", "STATION", "parentId", institute.toString())))
			.containsExactly("name");
		assertThat(fieldsOf(Map.of("name", "某站", "parentId", institute.toString()))).containsExactly("level");

		assertThat(count()).isEqualTo(before);
		probe.assertNoEvents(OrgUnitCreated.class,
				(event) -> institute.equals(event.data().parentId()) && !event.data().orgUnitId().equals(station),
				Duration.ofSeconds(1));
	}

	@Test
	void onlyAdminBuildsTheTreeAndGrantsStaff() {
		User resident = api.register("普通居民");
		Map<String, Object> centreBody = Map.of("name", "越权中心", "level", "CENTRE");
		assertThat(api.post("/api/org-units", resident.token(), centreBody, HttpStatus.FORBIDDEN))
			.containsEntry("status", 403)
			.containsEntry("title", "Forbidden");
		api.post("/api/org-units", null, centreBody, HttpStatus.UNAUTHORIZED);

		List<UUID> tree = api.tree(admin, "新荣区");
		User staff = api.register("站点工作人员");
		api.post("/api/staff", admin, Map.of("userId", staff.id().toString(), "orgUnitId", tree.get(1).toString()),
				HttpStatus.CREATED);
		User staffNow = api.relogin(staff);
		api.post("/api/org-units", staffNow.token(), centreBody, HttpStatus.FORBIDDEN);
		api.post("/api/staff", staffNow.token(),
				Map.of("userId", resident.id().toString(), "orgUnitId", tree.get(2).toString()), HttpStatus.FORBIDDEN);
		api.post("/api/staff", resident.token(),
				Map.of("userId", resident.id().toString(), "orgUnitId", tree.get(2).toString()), HttpStatus.FORBIDDEN);
		assertThat(count("select count(*) from org_units where name = '越权中心'")).isZero();
		assertThat(count("select count(*) from staff_scopes where user_id = '" + resident.id() + "'")).isZero();
	}

	@Test
	void staffScopeIsGrantedOnceAndShowsAtNextLogin() throws Exception {
		List<UUID> tree = api.tree(admin, "左云县");
		UUID institute = tree.get(1);
		User user = api.register("所工作人员");
		UUID adminId = UUID.fromString((String) api.get("/api/me", admin, HttpStatus.OK).get("id"));

		Map<String, Object> grant = api.post("/api/staff", admin,
				Map.of("userId", user.id().toString(), "orgUnitId", institute.toString()), HttpStatus.CREATED);
		assertThat(grant).containsEntry("userId", user.id().toString())
			.containsEntry("orgUnitId", institute.toString())
			.containsEntry("grantedBy", adminId.toString());
		assertThat(api.post("/api/staff", admin,
				Map.of("userId", user.id().toString(), "orgUnitId", institute.toString()), HttpStatus.CONFLICT))
			.containsEntry("status", 409);

		// The old token does not have it; the next login does.
		assertThat(SignedJWT.parse(user.token()).getJWTClaimsSet().getStringListClaim("roles"))
			.containsExactly("RESIDENT");
		User staff = api.relogin(user);
		SignedJWT token = SignedJWT.parse(staff.token());
		assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactlyInAnyOrder("RESIDENT", "STAFF");
		assertThat(token.getJWTClaimsSet().getStringListClaim("staffScopes")).containsExactly(institute.toString());
		Map<String, Object> me = api.get("/api/me", staff.token(), HttpStatus.OK);
		assertThat(me).containsEntry("staffScopes", List.of(institute.toString()));
		assertThat(me.get("roles")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("STAFF");

		StaffScopeGranted granted = probe
			.awaitOne(StaffScopeGranted.class, (event) -> event.data().userId().equals(user.id()),
					Duration.ofSeconds(20))
			.data();
		assertThat(granted.orgUnitId()).isEqualTo(institute);
		assertThat(granted.grantedBy()).isEqualTo(adminId);

		assertThat(Api.errorFields(api.post("/api/staff", admin,
				Map.of("userId", UUID.randomUUID().toString(), "orgUnitId", institute.toString()),
				HttpStatus.BAD_REQUEST)))
			.containsExactly("userId");
		assertThat(Api.errorFields(api.post("/api/staff", admin,
				Map.of("userId", user.id().toString(), "orgUnitId", UUID.randomUUID().toString()),
				HttpStatus.BAD_REQUEST)))
			.containsExactly("orgUnitId");
		assertThat(
				Api.errorFields(api.post("/api/staff", admin, Map.of("userId", "not-a-uuid"), HttpStatus.BAD_REQUEST)))
			.containsExactly("userId");
	}

	@Test
	void namesAreOneLineOfTextAndCodesKeepCountingPastFourDigits() {
		for (String name : List.of("\u3000", "\u00A0", "第一行\u2028第二行", "站名\u2029", "第一行\n第二行", "\t站名")) {
			assertThat(fieldsOf(Map.of("name", name, "level", "CENTRE"))).as(name).containsExactly("name");
		}
		assertThat(count("select count(*) from org_units where name = '' or name ~ '[[:cntrl:]]'")).isZero();
		assertThat(api.get(
				"/api/org-units/" + Api.id(api.post("/api/org-units", admin,
						Map.of("name", "\u3000御河中心\u00A0", "level", "CENTRE"), HttpStatus.CREATED)),
				admin, HttpStatus.OK))
			.containsEntry("name", "御河中心");

		// Code numbers are four digits at least, not at most: the 10,000th unit still
		// gets a code of its own.
		database.sql("select setval('org_unit_code_seq', 9998)").then().block();
		List<String> codes = java.util.stream.IntStream.range(0, 3)
			.mapToObj((i) -> (String) api
				.post("/api/org-units", admin, Map.of("name", "第一万个中心" + i, "level", "CENTRE"), HttpStatus.CREATED)
				.get("code"))
			.toList();
		assertThat(codes).containsExactly("C9999", "C10000", "C10001");
	}

	private List<String> fieldsOf(Map<String, Object> body) {
		return Api.errorFields(api.post("/api/org-units", admin, body, HttpStatus.BAD_REQUEST));
	}

	private long count() {
		return count("select count(*) from org_units");
	}

	private long count(String sql) {
		return database.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
	}

}
