package org.civicdispatch.volunteer.volunteering;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.testing.WithRealInfra;
import org.civicdispatch.volunteer.Api;
import org.civicdispatch.volunteer.Api.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff find the volunteers of their units by name or phone
 * ({@code GET /api/volunteers}), and the administrator finds an account by its phone
 * ({@code GET /api/users}), over real HTTP, PostgreSQL and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.seed-admin=true")
@WithRealInfra
class FindingPeopleIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	int port;

	Api api;

	String admin;

	/** 中心 → 所 → 站, with a second station under the same institute. */
	UUID centre;

	UUID institute;

	UUID station;

	UUID neighbour;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		admin = api.adminToken();
		List<UUID> tree = api.tree(admin, "灵丘" + UUID.randomUUID().toString().substring(0, 4));
		centre = tree.get(0);
		institute = tree.get(1);
		station = tree.get(2);
		neighbour = api.orgUnit(admin, "灵丘邻站" + UUID.randomUUID().toString().substring(0, 4), "STATION", institute);
	}

	@Test
	void staffFindTheVolunteersOfTheirUnitsByNameAccountNameOrPhone() {
		User li = volunteer("李志愿", "李晓红", station);
		User liMing = volunteer("小明", "李明", station);
		User wang = volunteer("王建国", "王建国", station);
		User zhang = volunteer("张三", "张三", neighbour);
		UUID otherInstitute = api.orgUnit(admin, "灵丘另一所" + UUID.randomUUID().toString().substring(0, 4), "INSTITUTE",
				centre);
		UUID farStation = api.orgUnit(admin, "灵丘远站" + UUID.randomUUID().toString().substring(0, 4), "STATION",
				otherInstitute);
		User zhao = volunteer("赵四", "赵四", farStation);
		api.register("群众不是志愿者");

		User stationStaff = staffOver(station);
		// newest registration first, with what staff need to call them
		Map<String, Object> page = find(stationStaff, "orgUnitId={unit}", station);
		assertThat(page).containsEntry("page", 0).containsEntry("size", 20).containsEntry("totalItems", 3);
		assertThat(names(page)).containsExactly("王建国", "李明", "李晓红");
		Map<String, Object> first = items(page).get(2);
		assertThat(first).containsEntry("userId", li.id().toString())
			.containsEntry("realName", "李晓红")
			.containsEntry("name", "李志愿")
			.containsEntry("phone", li.phone())
			.containsEntry("stationId", station.toString())
			.containsEntry("skills", List.of("助老"))
			.containsEntry("serviceHours", 0)
			.containsKeys("volunteerNo", "registeredAt");
		assertThat((String) first.get("volunteerNo")).endsWith("-000001");

		// by part of the real name, of the account's name, or by the phone's first digits
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, "李"))).containsExactly("李明", "李晓红");
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, " 晓红\u3000"))).containsExactly("李晓红");
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, "志愿"))).containsExactly("李晓红");
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, wang.phone()))).containsExactly("王建国");
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, spaced(liMing.phone()))))
			.containsExactly("李明");
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, wang.phone().substring(0, 7))))
			.contains("王建国");
		// 尾号: the last four digits people read out; digits in the middle are no part of a
		// name or a phone's ends
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, wang.phone().substring(7))))
			.contains("王建国");
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, wang.phone().substring(2, 9))))
			.doesNotContain("王建国");
		// the phone of someone elsewhere finds nobody here; % and _ are only themselves
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, zhang.phone()))).isEmpty();
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, "%"))).isEmpty();
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, "李_"))).isEmpty();
		assertThat(names(find(stationStaff, "orgUnitId={unit}&q={q}", station, "李\\"))).isEmpty();
		// without a unit: the caller's whole scope
		assertThat(names(find(stationStaff, ""))).containsExactly("王建国", "李明", "李晓红");
		// in pinyin order when asked by name
		assertThat(names(find(stationStaff, "sort=name"))).containsExactly("李明", "李晓红", "王建国");

		// staff of a station see nothing of its neighbour or of the institute above it
		problem(find(stationStaff, HttpStatus.FORBIDDEN, "orgUnitId={unit}", neighbour), 403);
		problem(find(stationStaff, HttpStatus.FORBIDDEN, "orgUnitId={unit}", institute), 403);

		// staff of the institute see its stations' volunteers, not another institute's
		User instituteStaff = staffOver(institute);
		assertThat(names(find(instituteStaff, "orgUnitId={unit}", institute))).containsExactly("张三", "王建国", "李明",
				"李晓红");
		assertThat(names(find(instituteStaff, ""))).containsExactly("张三", "王建国", "李明", "李晓红");
		assertThat(names(find(instituteStaff, "orgUnitId={unit}", neighbour))).containsExactly("张三");
		assertThat(names(find(instituteStaff, "orgUnitId={unit}&q={q}", institute, "张"))).containsExactly("张三");
		problem(find(instituteStaff, HttpStatus.FORBIDDEN, "orgUnitId={unit}", farStation), 403);
		problem(find(instituteStaff, HttpStatus.FORBIDDEN, "orgUnitId={unit}", centre), 403);

		// ADMIN: the centre's five, by name: 李 (li) … 赵 (zhao)
		Map<String, Object> all = find(admin, "orgUnitId={unit}&sort=name", centre);
		assertThat(names(all)).containsExactly("李明", "李晓红", "王建国", "张三", "赵四");
		assertThat(items(all).get(4)).containsEntry("stationId", farStation.toString())
			.containsEntry("phone", zhao.phone());
		// and without a unit, every volunteer anywhere
		assertThat(names(find(admin, "q={q}", zhao.phone()))).containsExactly("赵四");

		// nobody else, and an unknown unit is a 404
		problem(find(li, HttpStatus.FORBIDDEN, "orgUnitId={unit}", station), 403);
		problem(find(api.register("路人"), HttpStatus.FORBIDDEN, ""), 403);
		problem(find(admin, HttpStatus.NOT_FOUND, "orgUnitId={unit}", UUID.randomUUID()), 404);
		problem(find(stationStaff, HttpStatus.NOT_FOUND, "orgUnitId={unit}", UUID.randomUUID()), 404);
		api.client.get().uri("/api/volunteers").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void listsArePagedAndBadInputIsAFieldError() {
		for (String name : List.of("阿姨", "张", "李", "王", "赵")) {
			volunteer(name, name, station);
		}
		User staff = staffOver(station);
		Map<String, Object> first = find(staff, "orgUnitId={unit}&sort=name&page=0&size=2", station);
		assertThat(first).containsEntry("page", 0).containsEntry("size", 2).containsEntry("totalItems", 5);
		assertThat(names(first)).containsExactly("阿姨", "李");
		assertThat(names(find(staff, "orgUnitId={unit}&sort=name&page=1&size=2", station))).containsExactly("王", "张");
		assertThat(names(find(staff, "orgUnitId={unit}&sort=name&page=2&size=2", station))).containsExactly("赵");
		Map<String, Object> beyond = find(staff, "orgUnitId={unit}&page=3&size=2", station);
		assertThat(names(beyond)).isEmpty();
		assertThat(beyond).containsEntry("totalItems", 5);
		assertThat(find(staff, "orgUnitId={unit}&size=100", station)).containsEntry("totalItems", 5);
		assertThat(names(find(staff, "orgUnitId={unit}&q={q}", station, "  "))).hasSize(5);
		assertThat(find(staff, "orgUnitId={unit}&q={q}", station, " " + "张".repeat(50) + " "))
			.containsEntry("totalItems", 0);

		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "page=-1"))).isEqualTo("page");
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "size=0"))).isEqualTo("size");
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "size=101"))).isEqualTo("size");
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "size=1e3"))).isEqualTo("size");
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "page=1.5"))).isEqualTo("page");
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "q={q}", "张".repeat(51)))).isEqualTo("q");
		for (String invisible : List.of("\u0000", "李\u202E", "李\u200B明", "李\n明", "李\t", "\u007F")) {
			Map<String, Object> problem = find(staff, HttpStatus.BAD_REQUEST, "q={q}", invisible);
			assertThat(fieldOf(problem)).as(invisible).isEqualTo("q");
			assertThat(problem.get("detail")).as(invisible).isEqualTo("搜索内容不能包含控制字符或不可见字符");
		}
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "sort=oldest"))).isEqualTo("sort");
		assertThat(fieldOf(find(staff, HttpStatus.BAD_REQUEST, "orgUnitId=not-a-unit"))).isEqualTo("orgUnitId");
	}

	@Test
	void theAdministratorFindsAnAccountByItsExactPhone() {
		User volunteer = volunteer("郑干事", "郑晓燕", station);
		Map<String, Object> found = users(admin, HttpStatus.OK, volunteer.phone());
		assertThat(found).containsOnlyKeys("id", "name", "phone", "roles")
			.containsEntry("id", volunteer.id().toString())
			.containsEntry("name", "郑干事")
			.containsEntry("phone", volunteer.phone())
			.containsEntry("roles", List.of("RESIDENT", "VOLUNTEER"));
		// a grant shows at once, before the person signs in again
		api.post("/api/staff", admin, Map.of("userId", volunteer.id().toString(), "orgUnitId", station.toString()),
				HttpStatus.CREATED);
		assertThat(users(admin, HttpStatus.OK, volunteer.phone())).containsEntry("roles",
				List.of("RESIDENT", "VOLUNTEER", "STAFF"));
		assertThat(users(admin, HttpStatus.OK, Api.ADMIN_PHONE)).containsEntry("roles", List.of("RESIDENT", "ADMIN"));

		assertThat(problem(users(admin, HttpStatus.NOT_FOUND, unusedPhone()), 404)).containsEntry("detail",
				"没有这个手机号的用户");

		// only the administrator, whatever the phone
		User staff = staffOver(station);
		problem(users(staff, HttpStatus.FORBIDDEN, volunteer.phone()), 403);
		problem(users(staff, HttpStatus.FORBIDDEN, "+86" + volunteer.phone()), 403);
		problem(users(volunteer, HttpStatus.FORBIDDEN, volunteer.phone()), 403);
		api.client.get().uri("/api/users?phone={phone}", volunteer.phone()).exchange().expectStatus().isUnauthorized();

		// the phone is checked as at registration: no look-alikes of a real one
		String phone = volunteer.phone();
		for (String odd : List.of("", phone.substring(1), phone + "0", "+86" + phone, "86" + phone, phone + "\u00A0",
				"\u00A0" + phone, " " + phone, phone.substring(0, 3) + " " + phone.substring(3),
				phone.substring(0, 3) + "-" + phone.substring(3), fullWidth(phone), "2" + phone.substring(1),
				"1".repeat(300), "13800000000\u0000")) {
			Map<String, Object> problem = users(admin, HttpStatus.BAD_REQUEST, odd);
			assertThat(fieldOf(problem)).as("[%s]", odd).isEqualTo("phone");
		}
		assertThat(users(admin, HttpStatus.BAD_REQUEST, phone + "\u00A0")).containsEntry("detail", "请输入 11 位中国大陆手机号");
		Map<String, Object> missing = api.client.get()
			.uri("/api/users")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(fieldOf(missing)).isEqualTo("phone");
	}

	// ---- helpers

	/**
	 * Registers {@code accountName}, who becomes a volunteer named {@code realName} at
	 * the station.
	 */
	private User volunteer(String accountName, String realName, UUID stationId) {
		User user = api.register(accountName);
		api.post("/api/volunteers", user.token(),
				Map.of("realName", realName, "skills", List.of("助老"), "stationId", stationId.toString()),
				HttpStatus.CREATED);
		return api.relogin(user);
	}

	private User staffOver(UUID orgUnitId) {
		User user = api.register("工作人员" + UUID.randomUUID().toString().substring(0, 4));
		api.post("/api/staff", admin, Map.of("userId", user.id().toString(), "orgUnitId", orgUnitId.toString()),
				HttpStatus.CREATED);
		return api.relogin(user);
	}

	private Map<String, Object> find(User user, String query, Object... values) {
		return find(user.token(), HttpStatus.OK, query, values);
	}

	private Map<String, Object> find(String token, String query, Object... values) {
		return find(token, HttpStatus.OK, query, values);
	}

	private Map<String, Object> find(User user, HttpStatus expected, String query, Object... values) {
		return find(user.token(), expected, query, values);
	}

	/**
	 * {@code GET /api/volunteers?<query>}, its {@code {name}} variables filled in and
	 * encoded.
	 */
	private Map<String, Object> find(String token, HttpStatus expected, String query, Object... values) {
		return get(token, expected, "/api/volunteers?" + query, values);
	}

	private Map<String, Object> users(User user, HttpStatus expected, String phone) {
		return users(user.token(), expected, phone);
	}

	private Map<String, Object> users(String token, HttpStatus expected, String phone) {
		return get(token, expected, "/api/users?phone={phone}", phone);
	}

	private Map<String, Object> get(String token, HttpStatus expected, String uri, Object... values) {
		var spec = api.client.get()
			.uri(uri, values)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isEqualTo(expected);
		if (expected.isError()) {
			spec.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return spec.expectBody(JSON).returnResult().getResponseBody();
	}

	private static Map<String, Object> problem(Map<String, Object> body, int status) {
		assertThat(body).containsEntry("status", status);
		assertThat((String) body.get("detail")).matches(".*\\p{IsHan}.*");
		return body;
	}

	private static String fieldOf(Map<String, Object> problem) {
		assertThat(Api.errorFields(problem)).hasSize(1);
		return Api.errorFields(problem).get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	private static List<String> names(Map<String, Object> page) {
		return items(page).stream().map((item) -> (String) item.get("realName")).toList();
	}

	private static String spaced(String phone) {
		return phone.substring(0, 3) + " " + phone.substring(3, 7) + "-" + phone.substring(7);
	}

	private static String fullWidth(String digits) {
		StringBuilder wide = new StringBuilder();
		digits.chars().forEach((c) -> wide.append((char) (c - '0' + '０')));
		return wide.toString();
	}

	/** A phone nobody registered: registration draws from 139, this from 137. */
	private static String unusedPhone() {
		return "137" + Api.newPhone().substring(3);
	}

}
