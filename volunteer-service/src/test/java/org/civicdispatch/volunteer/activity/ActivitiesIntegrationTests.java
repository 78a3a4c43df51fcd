package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.civicdispatch.events.ActivityCompleted;
import org.civicdispatch.events.ActivityPublished;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 活动报名 over real HTTP, PostgreSQL and Kafka: publishing and its validation, sign-ups
 * under a race, the waitlist, check-in codes, attendance and completion with service
 * records and the {@code ActivityCompleted} event. Check-in codes live 2 seconds here, so
 * that expiry is tested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.seed-admin=true", "civic.activities.code-ttl=2s" })
@WithRealInfra
class ActivitiesIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	Api api;

	String admin;

	List<UUID> tree;

	UUID station;

	User staff;

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void setUp() {
		api = new Api(port);
		admin = api.adminToken();
		tree = api.tree(admin, "活动" + UUID.randomUUID().toString().substring(0, 4));
		station = tree.get(2);
		staff = staffOver(station, "站点工作人员");
	}

	@Test
	void staffPublishForTheirUnitAndAnyoneListsActivitiesByUnitAndTime() {
		Instant startsAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> body = activity("社区理论宣讲", startsAt, 30);
		body.put("description", "第一部分：政策解读\n第二部分：互动问答");
		Map<String, Object> published = api.post("/api/activities", staff.token(), body, HttpStatus.CREATED);
		UUID id = Api.id(published);
		assertThat(published).containsEntry("title", "社区理论宣讲")
			.containsEntry("description", "第一部分：政策解读\n第二部分：互动问答")
			.containsEntry("category", "THEORY")
			.containsEntry("orgUnitId", station.toString())
			.containsEntry("place", "文明实践站二楼会议室")
			.containsEntry("startsAt", startsAt.toString())
			.containsEntry("endsAt", startsAt.plus(Duration.ofHours(2)).toString())
			.containsEntry("signupDeadline", startsAt.toString())
			.containsEntry("capacity", 30)
			.containsEntry("status", "PUBLISHED")
			.containsEntry("confirmed", 0)
			.containsEntry("waitlisted", 0)
			.containsEntry("completedAt", null);
		assertThat((String) published.get("orgUnitName")).endsWith("文明实践站");
		ActivityPublished event = probe.awaitOne(ActivityPublished.class, (e) -> e.data().activityId().equals(id), WAIT)
			.data();
		assertThat(event.orgUnitId()).isEqualTo(station);
		assertThat(event.title()).isEqualTo("社区理论宣讲");
		assertThat(event.capacity()).isEqualTo(30);
		assertThat(event.startsAt()).isEqualTo(startsAt);

		// Staff of the institute above the station may publish for it; a deadline before
		// the start is kept.
		User instituteStaff = staffOver(tree.get(1), "所工作人员");
		Map<String, Object> later = activity("清洁家园", startsAt.plus(Duration.ofDays(2)), 10);
		later.put("category", "ENVIRONMENT");
		later.put("signupDeadline", startsAt.plus(Duration.ofDays(1)).toString());
		UUID second = Api.id(api.post("/api/activities", instituteStaff.token(), later, HttpStatus.CREATED));

		// Anyone, without a token: the centre's list holds both, in start order; another
		// tree's does not.
		List<String> ofCentre = ids(api.get("/api/activities?orgUnitId=" + tree.get(0), null, HttpStatus.OK));
		assertThat(ofCentre).containsExactly(id.toString(), second.toString());
		List<UUID> otherTree = api.tree(admin, "别处" + UUID.randomUUID().toString().substring(0, 4));
		assertThat(api.get("/api/activities?orgUnitId=" + otherTree.get(0), null, HttpStatus.OK))
			.containsEntry("totalItems", 0);
		String window = "/api/activities?orgUnitId=" + station + "&from=" + startsAt.plus(Duration.ofDays(1)) + "&to="
				+ startsAt.plus(Duration.ofDays(3));
		assertThat(ids(api.get(window, null, HttpStatus.OK))).containsExactly(second.toString());
		assertThat(api.get("/api/activities/" + id, null, HttpStatus.OK)).containsEntry("title", "社区理论宣讲");
		assertThat(api.get("/api/activities/" + UUID.randomUUID(), null, HttpStatus.NOT_FOUND)).containsEntry("detail",
				"找不到该活动");
		assertThat(Api.errorFields(api.get("/api/activities?size=101", null, HttpStatus.BAD_REQUEST)))
			.containsExactly("size");
		assertThat(Api
			.errorFields(api.get("/api/activities?from=" + startsAt + "&to=" + startsAt, null, HttpStatus.BAD_REQUEST)))
			.containsExactly("to");
		assertThat(Api.errorFields(api.get("/api/activities?from=1000-01-01T00:00:00Z", null, HttpStatus.BAD_REQUEST)))
			.containsExactly("from");
	}

	@Test
	void badActivitiesAreFieldErrorsAndOnlyStaffOverTheUnitPublish() {
		Instant startsAt = Instant.now().plus(Duration.ofDays(1));
		long before = count("select count(*) from activities");

		assertThat(fields(with(startsAt, "title", " "))).containsExactly("title");
		assertThat(fields(with(startsAt, "title", "\u3000"))).containsExactly("title");
		assertThat(fields(with(startsAt, "title", "两行\n标题"))).containsExactly("title");
		assertThat(fields(with(startsAt, "title", "标".repeat(101)))).containsExactly("title");
		assertThat(fields(with(startsAt, "description", "长".repeat(2001)))).containsExactly("description");
		assertThat(fields(with(startsAt, "category", "DANCING"))).containsExactly("category");
		assertThat(fields(with(startsAt, "place", ""))).containsExactly("place");
		assertThat(fields(with(startsAt, "place", "地".repeat(201)))).containsExactly("place");
		assertThat(fields(with(startsAt, "capacity", 0))).containsExactly("capacity");
		assertThat(fields(with(startsAt, "capacity", 10001))).containsExactly("capacity");
		assertThat(fields(with(startsAt, "orgUnitId", UUID.randomUUID().toString()))).containsExactly("orgUnitId");
		assertThat(fields(activity("已经开始", Instant.now().minusSeconds(60), 5))).containsExactly("startsAt");
		assertThat(fields(activity("太远了", Instant.now().plus(Duration.ofDays(367)), 5))).containsExactly("startsAt");
		assertThat(fields(with(startsAt, "endsAt", startsAt.toString()))).containsExactly("endsAt");
		assertThat(fields(with(startsAt, "endsAt", startsAt.plus(Duration.ofHours(25)).toString())))
			.containsExactly("endsAt");
		assertThat(fields(with(startsAt, "signupDeadline", startsAt.plusSeconds(1).toString())))
			.containsExactly("signupDeadline");
		assertThat(fields(with(startsAt, "signupDeadline", "-999999999-01-01T00:00:00Z")))
			.containsExactly("signupDeadline");
		// Odd numbers and control characters are refused as they are by every endpoint.
		assertThat(api.post("/api/activities", staff.token(), with(startsAt, "capacity", 2.5), HttpStatus.BAD_REQUEST))
			.containsEntry("status", 400);
		assertThat(api.post("/api/activities", staff.token(), with(startsAt, "capacity", "3"), HttpStatus.BAD_REQUEST))
			.containsEntry("status", 400);
		assertThat(api.post("/api/activities", staff.token(), with(startsAt, "capacity", 1e12), HttpStatus.BAD_REQUEST))
			.containsEntry("status", 400);
		assertThat(api.post("/api/activities", staff.token(), with(startsAt, "title", "响铃\u0007标题"),
				HttpStatus.BAD_REQUEST))
			.containsEntry("status", 400);
		assertThat(
				api.post("/api/activities", staff.token(), with(startsAt, "startsAt", "明天上午"), HttpStatus.BAD_REQUEST))
			.containsEntry("status", 400);

		// Staff of another station, a volunteer and a resident may not publish for this
		// station.
		UUID otherStation = api.orgUnit(admin, "邻近文明实践站", "STATION", tree.get(1));
		User otherStaff = staffOver(otherStation, "邻站工作人员");
		assertThat(api.post("/api/activities", otherStaff.token(), activity("越权活动", startsAt, 5), HttpStatus.FORBIDDEN))
			.containsEntry("detail", "只有该单位的工作人员或管理员可以为其发布活动");
		User volunteer = volunteerAt(station, "普通志愿者");
		api.post("/api/activities", volunteer.token(), activity("志愿者发布", startsAt, 5), HttpStatus.FORBIDDEN);
		api.post("/api/activities", null, activity("未登录", startsAt, 5), HttpStatus.UNAUTHORIZED);
		assertThat(count("select count(*) from activities")).isEqualTo(before);

		// ADMIN may publish anywhere.
		api.post("/api/activities", admin, activity("管理员发布", startsAt, 5), HttpStatus.CREATED);
	}

	@Test
	void fiftyConcurrentSignUpsForTheLastThreePlacesConfirmExactlyThree() throws Exception {
		UUID id = publish("热门讲座", Instant.now().plus(Duration.ofDays(2)), 5);
		for (int i = 0; i < 2; i++) {
			assertThat(signUp(volunteerAt(station, "早到" + i), id, HttpStatus.CREATED))
				.containsEntry("status", "CONFIRMED")
				.containsEntry("position", null);
		}
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			List<User> volunteers = new ArrayList<>();
			for (Future<User> future : pool.invokeAll(IntStream.range(0, 50)
				.<Callable<User>>mapToObj((i) -> () -> volunteerAt(api.from(Api.newAddress()), station, "抢报" + i))
				.toList())) {
				volunteers.add(future.get());
			}
			List<Map<String, Object>> answers = new ArrayList<>();
			for (Future<Map<String, Object>> future : pool.invokeAll(volunteers.stream()
				.<Callable<Map<String, Object>>>map((volunteer) -> () -> signUp(volunteer, id, HttpStatus.CREATED))
				.toList())) {
				answers.add(future.get());
			}
			Map<Object, Long> byStatus = answers.stream()
				.collect(Collectors.groupingBy((answer) -> answer.get("status"), Collectors.counting()));
			assertThat(byStatus).containsEntry("CONFIRMED", 3L).containsEntry("WAITLISTED", 47L);
			assertThat(answers.stream()
				.filter((answer) -> "WAITLISTED".equals(answer.get("status")))
				.map((answer) -> answer.get("position"))
				.collect(Collectors.toSet()))
				.isEqualTo(IntStream.rangeClosed(1, 47).boxed().collect(Collectors.toSet()));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(api.get("/api/activities/" + id, null, HttpStatus.OK)).containsEntry("confirmed", 5)
			.containsEntry("waitlisted", 47);
		List<Map<String, Object>> list = list("/api/activities/" + id + "/signups", staff.token());
		assertThat(list).hasSize(52);
		assertThat(list.subList(0, 5)).allSatisfy((entry) -> assertThat(entry).containsEntry("status", "CONFIRMED"));
		assertThat(list.get(5)).containsEntry("status", "WAITLISTED").containsEntry("position", 1);
		assertThat(list.get(51)).containsEntry("position", 47);
	}

	@Test
	void cancellingMovesTheFirstWaitlistedUpAndTwiceOrLateIsAConflict() {
		UUID id = publish("插花课", Instant.now().plus(Duration.ofDays(1)), 1);
		User first = volunteerAt(station, "第一名");
		User second = volunteerAt(station, "第二名");
		User third = volunteerAt(station, "第三名");
		assertThat(signUp(first, id, HttpStatus.CREATED)).containsEntry("status", "CONFIRMED")
			.containsEntry("activityId", id.toString())
			.containsEntry("userId", first.id().toString());
		assertThat(signUp(second, id, HttpStatus.CREATED)).containsEntry("status", "WAITLISTED")
			.containsEntry("position", 1);
		assertThat(signUp(third, id, HttpStatus.CREATED)).containsEntry("status", "WAITLISTED")
			.containsEntry("position", 2);
		assertThat(signUp(second, id, HttpStatus.CONFLICT)).containsEntry("detail", "您已报名该活动");
		User resident = api.register("居民");
		assertThat(signUp(resident, id, HttpStatus.FORBIDDEN)).containsEntry("detail", "只有已注册的志愿者可以报名活动");
		signUp(first, UUID.randomUUID(), HttpStatus.NOT_FOUND);

		api.call("DELETE", "/api/activities/" + id + "/signups/me", first.token(), null, HttpStatus.NO_CONTENT);
		assertThat(mine(second).get(0)).containsEntry("status", "CONFIRMED").containsEntry("position", null);
		assertThat(mine(third).get(0)).containsEntry("status", "WAITLISTED").containsEntry("position", 1);
		assertThat(mine(first).get(0)).containsEntry("status", "CANCELLED");
		assertThat(list("/api/activities/" + id + "/signups", staff.token())).extracting((entry) -> entry.get("userId"))
			.containsExactly(second.id().toString(), third.id().toString());
		api.call("DELETE", "/api/activities/" + id + "/signups/me", first.token(), null, HttpStatus.NOT_FOUND);

		// Signing up again after cancelling joins the end of the waitlist.
		assertThat(signUp(first, id, HttpStatus.CREATED)).containsEntry("status", "WAITLISTED")
			.containsEntry("position", 2);

		// The staff list shows names, numbers and masked phones; other stations' staff
		// may not read it.
		Map<String, Object> entry = list("/api/activities/" + id + "/signups", staff.token()).get(0);
		assertThat(entry).containsEntry("name", "第二名").containsEntry("status", "CONFIRMED");
		assertThat((String) entry.get("phone")).matches("139\\*{4}\\d{4}").endsWith(second.phone().substring(7));
		assertThat((String) entry.get("volunteerNo")).isNotBlank();
		User otherStaff = staffOver(api.orgUnit(admin, "别的文明实践站", "STATION", tree.get(1)), "别站工作人员");
		api.get("/api/activities/" + id + "/signups", otherStaff.token(), HttpStatus.FORBIDDEN);

		// After the deadline no one signs up; once started no one cancels.
		database.sql("update activities set signup_deadline = now() - interval '1 minute' where id = :id")
			.bind("id", id)
			.then()
			.block();
		assertThat(signUp(volunteerAt(station, "迟到者"), id, HttpStatus.CONFLICT)).containsEntry("detail", "报名已截止");
		shift(id, Duration.ofDays(1).plusHours(1));
		assertThat(
				api.call("DELETE", "/api/activities/" + id + "/signups/me", second.token(), null, HttpStatus.CONFLICT))
			.containsEntry("detail", "活动已开始，不能取消报名");
	}

	@Test
	void checkInCodesExpireAndBelongToOneActivity() throws Exception {
		UUID id = publish("健康义诊", Instant.now().plus(Duration.ofHours(1)), 1);
		UUID other = publish("另一场义诊", Instant.now().plus(Duration.ofHours(1)), 5);
		UUID tomorrow = publish("明天的活动", Instant.now().plus(Duration.ofDays(1)), 5);
		User volunteer = volunteerAt(station, "签到人");
		User waiting = volunteerAt(station, "候补人");
		signUp(volunteer, id, HttpStatus.CREATED);
		signUp(waiting, id, HttpStatus.CREATED);
		signUp(volunteer, tomorrow, HttpStatus.CREATED);

		Map<String, Object> code = api.get("/api/activities/" + id + "/check-in-code", staff.token(), HttpStatus.OK);
		String text = (String) code.get("code");
		assertThat(text).matches("[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}");
		assertThat(Instant.parse((String) code.get("expiresAt"))).isBetween(Instant.now(),
				Instant.now().plusSeconds(3));
		String otherCode = (String) api.get("/api/activities/" + other + "/check-in-code", staff.token(), HttpStatus.OK)
			.get("code");
		api.get("/api/activities/" + id + "/check-in-code", volunteer.token(), HttpStatus.FORBIDDEN);

		// Another activity's code, a wrong one, and a waitlisted volunteer are refused.
		assertThat(checkIn(volunteer, id, otherCode, "IN", HttpStatus.UNPROCESSABLE_CONTENT)).containsEntry("status",
				422);
		checkIn(volunteer, id, "ZZZZZZZZ", "IN", HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(checkIn(waiting, id, text, "IN", HttpStatus.FORBIDDEN)).containsEntry("status", 403);
		// Too early: the activity of tomorrow opens check-in 2 hours before its start.
		String tomorrowCode = (String) api
			.get("/api/activities/" + tomorrow + "/check-in-code", staff.token(), HttpStatus.OK)
			.get("code");
		assertThat(checkIn(volunteer, tomorrow, tomorrowCode, "IN", HttpStatus.CONFLICT)).containsEntry("detail",
				"活动开始前 2 小时才能签到");

		// OUT before IN; then IN with the code typed in lower case with a dash; IN twice.
		assertThat(checkIn(volunteer, id, text, "OUT", HttpStatus.CONFLICT)).containsEntry("detail", "尚未签到，不能签退");
		String typed = text.substring(0, 4).toLowerCase() + "-" + text.substring(4).toLowerCase();
		Map<String, Object> in = checkIn(volunteer, id, typed, "IN", HttpStatus.CREATED);
		assertThat(in).containsEntry("type", "IN");
		assertThat(Instant.parse((String) in.get("at"))).isCloseTo(Instant.now(),
				org.assertj.core.api.Assertions.within(5, ChronoUnit.SECONDS));
		assertThat(checkIn(volunteer, id, text, "IN", HttpStatus.CONFLICT)).containsEntry("detail", "已签到，不能重复签到");

		// The code expires: replaying it later is refused; a fresh one works, once.
		Thread.sleep(2500);
		assertThat(checkIn(volunteer, id, text, "OUT", HttpStatus.UNPROCESSABLE_CONTENT)).containsEntry("detail",
				"签到码已过期，请扫描现场最新的二维码");
		String fresh = (String) api.get("/api/activities/" + id + "/check-in-code", staff.token(), HttpStatus.OK)
			.get("code");
		checkIn(volunteer, id, fresh, "OUT", HttpStatus.CREATED);
		assertThat(checkIn(volunteer, id, fresh, "OUT", HttpStatus.CONFLICT)).containsEntry("detail", "已签退，不能重复签退");
		assertThat(mine(volunteer)).filteredOn((signup) -> activityId(signup).equals(id.toString()))
			.singleElement()
			.satisfies((signup) -> assertThat(signup.get("checkedInAt")).isNotNull())
			.satisfies((signup) -> assertThat(signup.get("checkedOutAt")).isNotNull());
		assertThat(api.post("/api/activities/" + id + "/check-ins", volunteer.token(),
				Map.of("code", fresh, "type", "SIDEWAYS"), HttpStatus.BAD_REQUEST))
			.containsEntry("status", 400);
	}

	@Test
	void completionRecordsHoursForAttendeesOnceAndPublishesThem() {
		Instant startsAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> body = activity("敬老院文艺汇演", startsAt, 5);
		body.put("category", "CULTURE");
		body.put("endsAt", startsAt.plus(Duration.ofHours(3)).toString());
		UUID id = Api.id(api.post("/api/activities", staff.token(), body, HttpStatus.CREATED));
		User scanned = volunteerAt(station, "扫码者");
		User marked = volunteerAt(station, "被标记者");
		User absent = volunteerAt(station, "缺席者");
		User listed = volunteerAt(station, "补录者");
		User inAndOut = volunteerAt(station, "早退者");
		for (User volunteer : List.of(scanned, marked, absent, listed, inAndOut)) {
			signUp(volunteer, id, HttpStatus.CREATED);
		}
		User waiting = volunteerAt(station, "候补者");
		signUp(waiting, id, HttpStatus.CREATED);

		String code = (String) api.get("/api/activities/" + id + "/check-in-code", staff.token(), HttpStatus.OK)
			.get("code");
		checkIn(scanned, id, code, "IN", HttpStatus.CREATED);
		checkIn(inAndOut, id, code, "IN", HttpStatus.CREATED);
		checkIn(inAndOut, id, code, "OUT", HttpStatus.CREATED);
		assertThat(api.post("/api/activities/" + id + "/attendance", staff.token(),
				Map.of("userId", marked.id().toString(), "type", "IN"), HttpStatus.CREATED))
			.containsEntry("type", "IN");
		api.post("/api/activities/" + id + "/attendance", staff.token(),
				Map.of("userId", marked.id().toString(), "type", "IN"), HttpStatus.CONFLICT);
		assertThat(Api.errorFields(api.post("/api/activities/" + id + "/attendance", staff.token(),
				Map.of("userId", waiting.id().toString(), "type", "IN"), HttpStatus.BAD_REQUEST)))
			.containsExactly("userId");
		User otherStaff = staffOver(api.orgUnit(admin, "隔壁文明实践站", "STATION", tree.get(1)), "隔壁工作人员");
		api.post("/api/activities/" + id + "/attendance", otherStaff.token(),
				Map.of("userId", absent.id().toString(), "type", "IN"), HttpStatus.FORBIDDEN);

		// Not before the start.
		assertThat(complete(staff, id, null, HttpStatus.CONFLICT)).containsEntry("detail", "活动尚未开始，不能完成");
		// The activity took place three hours earlier than planned (check-ins move with
		// it).
		shift(id, Duration.ofHours(4));

		// Bad hours: a waitlisted volunteer, zero, more than 24, three decimals, more
		// than checked in and out.
		assertThat(Api.errorFields(complete(staff, id, List.of(hours(waiting, "1")), HttpStatus.BAD_REQUEST)))
			.containsExactly("hours[0].userId");
		assertThat(Api.errorFields(complete(staff, id, List.of(hours(listed, "0")), HttpStatus.BAD_REQUEST)))
			.containsExactly("hours[0].hours");
		assertThat(Api.errorFields(complete(staff, id, List.of(hours(listed, "24.5")), HttpStatus.BAD_REQUEST)))
			.containsExactly("hours[0].hours");
		assertThat(Api.errorFields(complete(staff, id, List.of(hours(listed, "1.555")), HttpStatus.BAD_REQUEST)))
			.containsExactly("hours[0].hours");
		assertThat(Api.errorFields(complete(staff, id, List.of(hours(inAndOut, "1")), HttpStatus.BAD_REQUEST)))
			.containsExactly("hours[0].hours");
		complete(otherStaff, id, null, HttpStatus.FORBIDDEN);
		assertThat(api.get("/api/activities/" + id, null, HttpStatus.OK)).containsEntry("status", "PUBLISHED");

		Map<String, Object> completed = complete(staff, id, List.of(hours(listed, "1.5"), hours(inAndOut, "0.5")),
				HttpStatus.OK);
		assertThat(completed).containsEntry("status", "COMPLETED");
		assertThat(completed.get("completedAt")).isNotNull();
		assertThat(complete(staff, id, null, HttpStatus.CONFLICT)).containsEntry("detail", "活动已完成，不能重复完成");

		// Checked in an hour before the start, not out: to the end, 4 hours; checked in
		// and out at once: 0.5.
		Map<UUID, BigDecimal> expected = Map.of(scanned.id(), new BigDecimal("4.00"), marked.id(),
				new BigDecimal("4.00"), listed.id(), new BigDecimal("1.50"), inAndOut.id(), new BigDecimal("0.50"));
		ActivityCompleted event = probe.awaitOne(ActivityCompleted.class, (e) -> e.data().activityId().equals(id), WAIT)
			.data();
		assertThat(event.title()).isEqualTo("敬老院文艺汇演");
		assertThat(event.category()).isEqualTo("CULTURE");
		assertThat(event.orgUnitId()).isEqualTo(station);
		assertThat(event.attendees()
			.stream()
			.collect(Collectors.toMap(ActivityCompleted.Attendee::volunteerId, (a) -> a.hours().setScale(2))))
			.isEqualTo(expected);

		LocalDate servedOn = LocalDate.ofInstant(startsAt.minus(Duration.ofHours(4)), ZoneId.of("Asia/Shanghai"));
		for (Map.Entry<UUID, BigDecimal> attendee : expected.entrySet()) {
			User user = List.of(scanned, marked, listed, inAndOut)
				.stream()
				.filter((u) -> u.id().equals(attendee.getKey()))
				.findFirst()
				.orElseThrow();
			Map<String, Object> records = api.get("/api/volunteers/" + user.id() + "/service-records", user.token(),
					HttpStatus.OK);
			assertThat(items(records)).singleElement().satisfies((record) -> {
				assertThat(record).containsEntry("activityId", id.toString())
					.containsEntry("orderId", null)
					.containsEntry("content", "敬老院文艺汇演")
					.containsEntry("place", "文明实践站二楼会议室")
					.containsEntry("orgUnitId", station.toString())
					.containsEntry("category", "CULTURE")
					.containsEntry("servedOn", servedOn.toString());
				assertThat(new BigDecimal(record.get("hours").toString())).isEqualByComparingTo(attendee.getValue());
			});
			assertThat(mine(user).get(0)).containsEntry("status", "CONFIRMED");
			assertThat(new BigDecimal(mine(user).get(0).get("hours").toString()))
				.isEqualByComparingTo(attendee.getValue());
		}
		// The no-show and the waitlisted volunteer get nothing.
		assertThat(items(api.get("/api/volunteers/" + absent.id() + "/service-records", absent.token(), HttpStatus.OK)))
			.isEmpty();
		assertThat(mine(absent).get(0)).containsEntry("hours", null);
		assertThat(
				items(api.get("/api/volunteers/" + waiting.id() + "/service-records", waiting.token(), HttpStatus.OK)))
			.isEmpty();

		// Nothing more happens to a completed activity.
		assertThat(signUp(volunteerAt(station, "完成后报名"), id, HttpStatus.CONFLICT)).containsEntry("detail",
				"活动已结束，不能报名");
		api.post("/api/activities/" + id + "/attendance", staff.token(),
				Map.of("userId", absent.id().toString(), "type", "IN"), HttpStatus.CONFLICT);
		api.get("/api/activities/" + id + "/check-in-code", staff.token(), HttpStatus.CONFLICT);
	}

	// --- helpers ---

	private User staffOver(UUID unit, String name) {
		User user = api.register(name);
		api.post("/api/staff", admin, Map.of("userId", user.id().toString(), "orgUnitId", unit.toString()),
				HttpStatus.CREATED);
		return api.relogin(user);
	}

	/**
	 * A registered volunteer at the station (sign-ups check the volunteer record, not the
	 * token's roles).
	 */
	private User volunteerAt(UUID stationId, String name) {
		return volunteerAt(api, stationId, name);
	}

	/** The same, registering from the client address {@code from} speaks for. */
	private static User volunteerAt(Api from, UUID stationId, String name) {
		User user = from.register(name);
		from.post("/api/volunteers", user.token(),
				Map.of("realName", name, "skills", List.of(), "stationId", stationId.toString()), HttpStatus.CREATED);
		return user;
	}

	private Map<String, Object> activity(String title, Instant startsAt, int capacity) {
		Map<String, Object> body = new HashMap<>();
		body.put("title", title);
		body.put("description", "");
		body.put("category", "THEORY");
		body.put("orgUnitId", station.toString());
		body.put("place", "文明实践站二楼会议室");
		body.put("startsAt", startsAt.toString());
		body.put("endsAt", startsAt.plus(Duration.ofHours(2)).toString());
		body.put("capacity", capacity);
		return body;
	}

	private Map<String, Object> with(Instant startsAt, String field, Object value) {
		Map<String, Object> body = activity("字段校验", startsAt, 5);
		body.put(field, value);
		return body;
	}

	private UUID publish(String title, Instant startsAt, int capacity) {
		return Api
			.id(api.post("/api/activities", staff.token(), activity(title, startsAt, capacity), HttpStatus.CREATED));
	}

	private List<String> fields(Map<String, Object> body) {
		return Api.errorFields(api.post("/api/activities", staff.token(), body, HttpStatus.BAD_REQUEST));
	}

	private Map<String, Object> signUp(User user, UUID activityId, HttpStatus expected) {
		return api.post("/api/activities/" + activityId + "/signups", user.token(), null, expected);
	}

	private Map<String, Object> checkIn(User user, UUID activityId, String code, String type, HttpStatus expected) {
		return api.post("/api/activities/" + activityId + "/check-ins", user.token(),
				Map.of("code", code, "type", type), expected);
	}

	private Map<String, Object> complete(User user, UUID activityId, List<Map<String, Object>> hours,
			HttpStatus expected) {
		Map<String, Object> body = new HashMap<>();
		if (hours != null) {
			body.put("hours", hours);
		}
		return api.post("/api/activities/" + activityId + "/complete", user.token(), body, expected);
	}

	private static Map<String, Object> hours(User user, String hours) {
		return Map.of("userId", user.id().toString(), "hours", new BigDecimal(hours));
	}

	private List<Map<String, Object>> mine(User user) {
		return items(api.get("/api/activities/signups/me", user.token(), HttpStatus.OK));
	}

	@SuppressWarnings("unchecked")
	private static String activityId(Map<String, Object> signup) {
		return (String) ((Map<String, Object>) signup.get("activity")).get("id");
	}

	private List<Map<String, Object>> list(String path, String token) {
		return api.client.get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	private static List<String> ids(Map<String, Object> page) {
		return items(page).stream().map((item) -> (String) item.get("id")).toList();
	}

	/**
	 * Moves the activity and its check-ins {@code back} into the past, as if that much
	 * time had gone by.
	 */
	private void shift(UUID activityId, Duration back) {
		String interval = back.toSeconds() + " seconds";
		database
			.sql("update activities set starts_at = starts_at - :i::interval, ends_at = ends_at - :i::interval, "
					+ "signup_deadline = signup_deadline - :i::interval where id = :id")
			.bind("i", interval)
			.bind("id", activityId)
			.then()
			.block();
		database
			.sql("update activity_signups set checked_in_at = checked_in_at - :i::interval, "
					+ "checked_out_at = checked_out_at - :i::interval where activity_id = :id")
			.bind("i", interval)
			.bind("id", activityId)
			.then()
			.block();
	}

	private long count(String sql) {
		return database.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
	}

}
