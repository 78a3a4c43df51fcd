package org.civicdispatch.order.stats;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicdispatch.order.OrderWorld.admin;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * 分析研判 over a hand-built set of orders placed, accepted, completed, rated and cancelled
 * at known times around a period of three Beijing days (2026-03-01 to 2026-03-03: from
 * 2026-02-28T16:00Z, to 2026-03-03T16:00Z), and the export of the same orders as CSV and
 * XLSX.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfra
class StatsIntegrationTests {

	static final String PERIOD = "&from=2026-03-01&to=2026-03-04";

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	OrderWorld world;

	WebTestClient http;

	Tree tree;

	UUID otherInstitute;

	UUID emptyStation;

	final Map<String, UUID> ids = new HashMap<>();

	@BeforeAll
	static void probes() {
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbes() {
		volunteerEvents.close();
	}

	@BeforeEach
	void orders() {
		http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.build();
		world = new OrderWorld(http, db, volunteerEvents);
		tree = world.tree();
		otherInstitute = db.sql("SELECT parent_id FROM org_unit WHERE id = :id")
			.bind("id", tree.otherStation())
			.map(row -> row.get("parent_id", UUID.class))
			.one()
			.block();
		emptyStation = UUID.randomUUID();
		world.execute("INSERT INTO org_unit (id, name, level, parent_id, ancestor_ids) VALUES ('" + emptyStation
				+ "', '北关第二社区实践站', 'STATION', '" + tree.institute() + "', ARRAY['" + tree.centre() + "', '"
				+ tree.institute() + "']::uuid[])");
		UUID v1 = UUID.randomUUID();
		UUID v2 = UUID.randomUUID();
		// at the station: placed exactly at `from`, rated, on time; the title looks like
		// a formula
		insert("A", tree.station(), "ELDERLY", "=SUM(1,2) 帮忙买菜", "EVALUATED", "2026-02-28T16:00:00Z", 10, 72 * 60 + 10,
				5 * 60, "4.60", "{\"" + v1 + "\": 2}", "{\"" + v1 + "\": 1.5}");
		// completed two hours after its due time; not rated yet, so its hours are not
		// counted
		insert("B", tree.station(), "ELDERLY", "陪老人看病", "COMPLETED", "2026-03-01T03:00:00Z", 30, 60, 3 * 60, null,
				"{\"" + v1 + "\": 2.5}", "{}");
		insert("C", tree.station(), "LAW", "法律咨询", "CANCELLED", "2026-03-02T15:59:59Z", null, null, null, null, "{}",
				"{}");
		// placed at the first midnight of the last day; accepted and long past its due
		// time
		insert("D", tree.station(), "HEALTH", "上门量血压", "ACCEPTED", "2026-03-02T16:00:00Z", 60, 61, null, null, "{}",
				"{}");
		// placed exactly at `to`, and just before `from`: outside
		insert("E", tree.station(), "ELDERLY", "区间之后", "EVALUATED", "2026-03-03T16:00:00Z", 5, 72 * 60, 60, "5.00",
				"{\"" + v1 + "\": 1}", "{}");
		insert("F", tree.station(), "ELDERLY", "区间之前", "EVALUATED", "2026-02-28T15:59:59Z", 5, 72 * 60, 60, "5.00",
				"{\"" + v1 + "\": 1}", "{}");
		// under the other institute
		insert("G", tree.otherStation(), "ELDERLY", "打扫卫生", "EVALUATED", "2026-03-02T01:00:00Z", 20, 72 * 60 + 20,
				10 * 60, "3.00", "{\"" + v2 + "\": 3}", "{}");
		insert("H", tree.otherStation(), "CULTURE", "文艺演出", "PLACED", "2026-03-01T08:00:00Z", null, null, null, null,
				"{}", "{}");
	}

	/**
	 * An order placed at {@code placedAt}, accepted, due and completed so many minutes
	 * after it.
	 */
	void insert(String name, UUID station, String category, String title, String status, String placedAt,
			Integer acceptMinutes, Integer dueMinutes, Integer completeMinutes, String finalRating, String reported,
			String approved) {
		UUID id = UUID.randomUUID();
		ids.put(name, id);
		Instant placed = Instant.parse(placedAt);
		db.sql("""
				INSERT INTO service_order (id, resident_id, category, title, station_id, contact_phone, status,
				    accepted_at, due_at, completed_at, final_rating, reported_hours, approved_hours, created_at, updated_at)
				VALUES (:id, :resident, :category, :title, :station, '13812340000', :status,
				    :placed + make_interval(mins => :accept), :placed + make_interval(mins => :due),
				    :placed + make_interval(mins => :complete), :rating::numeric, :reported::jsonb, :approved::jsonb,
				    :placed, :placed)""")
			.bind("id", id)
			.bind("resident", UUID.randomUUID())
			.bind("category", category)
			.bind("title", title)
			.bind("station", station)
			.bind("status", status)
			.bind("placed", placed)
			.bind("accept", org.springframework.r2dbc.core.Parameter.fromOrEmpty(acceptMinutes, Integer.class))
			.bind("due", org.springframework.r2dbc.core.Parameter.fromOrEmpty(dueMinutes, Integer.class))
			.bind("complete", org.springframework.r2dbc.core.Parameter.fromOrEmpty(completeMinutes, Integer.class))
			.bind("rating", org.springframework.r2dbc.core.Parameter.fromOrEmpty(finalRating, String.class))
			.bind("reported", reported)
			.bind("approved", approved)
			.then()
			.block();
	}

	/** The figures' days as "date placed/completed". */
	static List<String> days(JsonNode figures) {
		return figures.get("byDay")
			.valueStream()
			.map(d -> d.get("date").asString() + " " + d.get("placed").asLong() + "/" + d.get("completed").asLong())
			.toList();
	}

	JsonNode stats(User user, UUID unit, int status) {
		return world.call(user, "GET", "/api/stats/orders?orgUnitId=" + unit + PERIOD, null, status);
	}

	@Test
	void theCentreSeesExactFiguresOverThePeriodWithItsInstitutesAsUnits() {
		JsonNode s = stats(staff(tree.centre()), tree.centre(), 200);
		assertThat(s.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
		assertThat(s.get("placed").asLong()).isEqualTo(6);
		assertThat(s.get("completed").asLong()).isEqualTo(3);
		assertThat(s.get("evaluated").asLong()).isEqualTo(2);
		assertThat(s.get("cancelled").asLong()).isEqualTo(1);
		assertThat(s.get("overdue").asLong()).isEqualTo(2);
		assertThat(s.get("completionRate").decimalValue()).isEqualByComparingTo("0.6");
		assertThat(s.get("onTimeRate").decimalValue()).isEqualByComparingTo("0.6667");
		assertThat(s.get("satisfaction").decimalValue()).isEqualByComparingTo("3.80");
		assertThat(s.get("volunteerHours").decimalValue()).isEqualByComparingTo("4.5");
		assertThat(s.get("minutesToAccept").get("p50").asDouble()).isEqualTo(25.0);
		assertThat(s.get("minutesToAccept").get("p90").asDouble()).isEqualTo(51.0);
		assertThat(s.get("hoursToComplete").get("p50").asDouble()).isEqualTo(5.0);
		assertThat(s.get("hoursToComplete").get("p90").asDouble()).isEqualTo(9.0);

		Map<String, String> categories = new HashMap<>();
		s.get("byCategory")
			.forEach(c -> categories.put(c.get("code").asString(),
					c.get("placed").asLong() + "/" + c.get("completed").asLong()));
		assertThat(categories).containsEntry("ELDERLY", "3/3")
			.containsEntry("LAW", "1/0")
			.containsEntry("HEALTH", "1/0")
			.containsEntry("CULTURE", "1/0")
			.containsEntry("THEORY", "0/0");
		assertThat(s.get("byCategory").get(0).get("code").asString()).isEqualTo("THEORY");

		assertThat(s.get("byUnit").valueStream().map(u -> u.get("orgUnitId").asString()))
			.containsExactly(tree.institute().toString(), otherInstitute.toString());
		// the same rates as the centre's: completed / (placed − cancelled)
		JsonNode north = s.get("byUnit").get(0);
		assertThat(north.get("placed").asLong()).isEqualTo(4);
		assertThat(north.get("completed").asLong()).isEqualTo(2);
		assertThat(north.get("cancelled").asLong()).isEqualTo(1);
		assertThat(north.get("overdue").asLong()).isEqualTo(2);
		assertThat(north.get("completionRate").decimalValue()).isEqualByComparingTo("0.6667");
		assertThat(north.get("satisfaction").decimalValue()).isEqualByComparingTo("4.60");
		JsonNode south = s.get("byUnit").get(1);
		assertThat(south.get("placed").asLong()).isEqualTo(2);
		assertThat(south.get("completed").asLong()).isEqualTo(1);
		assertThat(south.get("cancelled").asLong()).isZero();
		assertThat(south.get("overdue").asLong()).isZero();
		assertThat(south.get("completionRate").decimalValue()).isEqualByComparingTo("0.5");
		assertThat(south.get("satisfaction").decimalValue()).isEqualByComparingTo("3.00");

		assertThat(days(s)).containsExactly("2026-03-01 3/2", "2026-03-02 2/1", "2026-03-03 1/0");
	}

	@Test
	void anInstituteCountsItsStationsAndAStationWithoutOrdersHasZerosAndNoRates() {
		JsonNode institute = stats(staff(tree.institute()), tree.institute(), 200);
		assertThat(institute.get("placed").asLong()).isEqualTo(4);
		assertThat(institute.get("byUnit").valueStream().map(u -> u.get("orgUnitId").asString()))
			.containsExactly(tree.station().toString(), emptyStation.toString());
		JsonNode atStation = institute.get("byUnit").get(0);
		assertThat(atStation.get("cancelled").asLong()).isEqualTo(1);
		assertThat(atStation.get("completionRate").decimalValue()).isEqualByComparingTo("0.6667");
		JsonNode empty = institute.get("byUnit").get(1);
		assertThat(empty.get("placed").asLong()).isZero();
		assertThat(empty.get("cancelled").asLong()).isZero();
		assertThat(empty.get("completionRate").isNull()).isTrue();
		assertThat(empty.get("satisfaction").isNull()).isTrue();

		JsonNode station = stats(staff(tree.station()), tree.station(), 200);
		assertThat(station.get("placed").asLong()).isEqualTo(4);
		assertThat(station.get("completionRate").decimalValue()).isEqualByComparingTo("0.6667");
		assertThat(station.get("onTimeRate").decimalValue()).isEqualByComparingTo("0.5");
		assertThat(station.get("satisfaction").decimalValue()).isEqualByComparingTo("4.60");
		assertThat(station.get("volunteerHours").decimalValue()).isEqualByComparingTo("1.5");
		assertThat(station.get("byUnit")).isEmpty();

		JsonNode none = stats(admin(), emptyStation, 200);
		assertThat(none.get("placed").asLong()).isZero();
		assertThat(none.get("completionRate").isNull()).isTrue();
		assertThat(none.get("onTimeRate").isNull()).isTrue();
		assertThat(none.get("satisfaction").isNull()).isTrue();
		assertThat(none.get("volunteerHours").decimalValue()).isEqualByComparingTo("0");
		assertThat(none.get("minutesToAccept").get("p50").isNull()).isTrue();
		assertThat(none.get("hoursToComplete").get("p90").isNull()).isTrue();
		assertThat(none.get("byDay")).hasSize(3);
		assertThat(none.get("byDay").valueStream().allMatch(d -> d.get("placed").asLong() == 0)).isTrue();
	}

	@Test
	void theFiguresFollowEveryLaterChangeOfTheOrders() {
		// moved back a day, out of the period (as the demo's backdating does)
		world.execute("UPDATE service_order SET created_at = created_at - interval '1 day' WHERE id = '" + ids.get("B")
				+ "'");
		// flagged by the overdue sweep: still overdue once, not twice
		world.execute("UPDATE service_order SET overdue = true WHERE id = '" + ids.get("D") + "'");
		// accepted 40 minutes after placing, due three days later: long past now
		world.execute("UPDATE service_order SET status = 'ACCEPTED', accepted_at = created_at + interval '40 minutes', "
				+ "due_at = created_at + interval '40 minutes' + interval '72 hours' WHERE id = '" + ids.get("H")
				+ "'");

		JsonNode s = stats(admin(), tree.centre(), 200);
		assertThat(s.get("placed").asLong()).isEqualTo(5);
		assertThat(s.get("completed").asLong()).isEqualTo(2);
		assertThat(s.get("evaluated").asLong()).isEqualTo(2);
		assertThat(s.get("cancelled").asLong()).isEqualTo(1);
		assertThat(s.get("overdue").asLong()).isEqualTo(2);
		assertThat(s.get("completionRate").decimalValue()).isEqualByComparingTo("0.5");
		assertThat(s.get("onTimeRate").decimalValue()).isEqualByComparingTo("1");
		assertThat(s.get("satisfaction").decimalValue()).isEqualByComparingTo("3.80");
		assertThat(s.get("volunteerHours").decimalValue()).isEqualByComparingTo("4.5");
		// accepted after 10, 20, 40 and 60 minutes; completed after 5 and 10 hours
		assertThat(s.get("minutesToAccept").get("p50").asDouble()).isEqualTo(30.0);
		assertThat(s.get("minutesToAccept").get("p90").asDouble()).isEqualTo(54.0);
		assertThat(s.get("hoursToComplete").get("p50").asDouble()).isEqualTo(7.5);
		assertThat(s.get("hoursToComplete").get("p90").asDouble()).isEqualTo(9.5);
		assertThat(s.get("byUnit")
			.valueStream()
			.map(u -> u.get("placed").asLong() + "/" + u.get("completed").asLong() + "/" + u.get("cancelled").asLong()
					+ " overdue " + u.get("overdue").asLong() + " rate "
					+ u.get("completionRate").decimalValue().stripTrailingZeros().toPlainString()))
			.containsExactly("3/1/1 overdue 1 rate 0.5", "2/1/0 overdue 1 rate 0.5");
		assertThat(days(s)).containsExactly("2026-03-01 2/1", "2026-03-02 2/1", "2026-03-03 1/0");
	}

	@Test
	void anOrderCarriedThroughTheApiCountsAtEveryStep() {
		OrderWorld.Team team = world.team(tree.otherStation(), 5, "ELDERLY");
		User resident = resident();
		User staff = staff(tree.otherStation());
		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
		String uri = "/api/stats/orders?orgUnitId=" + tree.otherStation() + "&from=" + today + "&to="
				+ today.plusDays(1);

		UUID order = world.place(resident, "ELDERLY", tree.otherStation());
		JsonNode placed = world.call(staff, "GET", uri, null, 200);
		assertThat(placed.get("placed").asLong()).isEqualTo(1);
		assertThat(placed.get("completed").asLong()).isZero();
		assertThat(placed.get("minutesToAccept").get("p50").isNull()).isTrue();

		world.evaluateWith(team, order, resident, staff, 5, 4);
		JsonNode evaluated = world.call(staff, "GET", uri, null, 200);
		assertThat(evaluated.get("placed").asLong()).isEqualTo(1);
		assertThat(evaluated.get("completed").asLong()).isEqualTo(1);
		assertThat(evaluated.get("evaluated").asLong()).isEqualTo(1);
		assertThat(evaluated.get("overdue").asLong()).isZero();
		assertThat(evaluated.get("onTimeRate").decimalValue()).isEqualByComparingTo("1");
		// 0.6 × 5 + 0.4 × 4
		assertThat(evaluated.get("satisfaction").decimalValue()).isEqualByComparingTo("4.60");
		assertThat(evaluated.get("volunteerHours").decimalValue()).isEqualByComparingTo("2");
		assertThat(evaluated.get("minutesToAccept").get("p50").asDouble()).isBetween(0.0, 1.0);
		assertThat(evaluated.get("hoursToComplete").get("p90").asDouble()).isBetween(0.0, 0.1);
		assertThat(evaluated.get("byDay").get(0).get("completed").asLong()).isEqualTo(1);
		JsonNode byCategory = evaluated.get("byCategory")
			.valueStream()
			.filter(c -> c.get("code").asString().equals("ELDERLY"))
			.findFirst()
			.orElseThrow();
		assertThat(byCategory.get("placed").asLong() + "/" + byCategory.get("completed").asLong()).isEqualTo("1/1");
	}

	@Test
	void figuresCountedByTheDaysOfAnotherTimeZoneAreCountedAnewByTheServicesOne() {
		// as if the service had run with STATS_TIME_ZONE=UTC: order A (placed at the
		// period's first
		// Beijing midnight) would fall before it, order E (placed at its end) on its last
		// day, D a day early
		world.execute("UPDATE order_stats_zone SET zone = 'UTC'");
		world.execute("SELECT order_stats_build(NULL)");

		JsonNode s = stats(admin(), tree.centre(), 200);
		assertThat(s.get("placed").asLong()).isEqualTo(6);
		assertThat(s.get("evaluated").asLong()).isEqualTo(2);
		assertThat(days(s)).containsExactly("2026-03-01 3/2", "2026-03-02 2/1", "2026-03-03 1/0");
		assertThat(world.count("SELECT count(*) AS n FROM order_stats_zone WHERE zone = 'Asia/Shanghai'")).isEqualTo(1);
	}

	@Test
	void onlyStaffOverTheUnitAndAdminSeeItsFiguresAndOddInputIsA400() {
		stats(staff(tree.otherStation()), tree.station(), 403);
		stats(staff(tree.station()), tree.institute(), 403);
		stats(resident(), tree.station(), 403);
		stats(admin(), UUID.randomUUID(), 404);
		User staff = staff(tree.station());
		String base = "/api/stats/orders?orgUnitId=" + tree.station();
		for (String query : List.of("&from=2026-03-04&to=2026-03-01", "&from=2026-03-01&to=2026-03-01",
				"&from=2026-13-01&to=2026-12-01", "&from=yesterday&to=2026-03-01", "&from=2026-03-01",
				"&from=1000-01-01&to=2026-01-01", "&from=2000-01-01&to=2100-12-31",
				"&from=+99999-01-01&to=2026-01-01")) {
			world.call(staff, "GET", base + query, null, 400);
		}
		world.call(staff, "GET", "/api/stats/orders?orgUnitId=not-a-uuid" + PERIOD, null, 400);
		world.call(staff, "GET", "/api/stats/orders?from=2026-03-01&to=2026-03-04", null, 400);
		world.call(staff, "GET", base + "&from=2026-01-01&to=2035-12-31", null, 200);
		world.call(null, "GET", base + PERIOD, null, 401);
	}

	// ---- export

	EntityExchangeResult<byte[]> export(User user, UUID unit, String format, int status) {
		return http.get()
			.uri("/api/orders/export?orgUnitId=" + unit + PERIOD + (format == null ? "" : "&format=" + format))
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(byte[].class)
			.returnResult();
	}

	void exportQuery(String query, int status) {
		http.get()
			.uri("/api/orders/export?orgUnitId=" + tree.centre() + query)
			.headers(h -> h.setBearerAuth(admin().token()))
			.exchange()
			.expectStatus()
			.isEqualTo(status);
	}

	static String filename(EntityExchangeResult<byte[]> result) {
		String disposition = result.getResponseHeaders().getFirst("Content-Disposition");
		assertThat(disposition).startsWith("attachment; filename=\"orders_2026-03-01_2026-03-03.");
		String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
		return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
	}

	@Test
	void theExportAsCsvHasABomChineseHeadersAndOneRowPerOrderOfThePeriod() {
		EntityExchangeResult<byte[]> result = export(staff(tree.institute()), tree.institute(), "csv", 200);
		assertThat(result.getResponseHeaders().getContentType().toString()).startsWith("text/csv");
		assertThat(filename(result)).isEqualTo("订单明细_北关街道实践所_2026-03-01_至_2026-03-03.csv");
		byte[] body = result.getResponseBody();
		assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
		List<List<String>> rows = parseCsv(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
		assertThat(rows.get(0)).containsExactly("订单编号", "服务类别", "标题", "实践站", "状态", "下单时间", "接单时间", "完成时间", "限时办结时间",
				"是否超时", "服务队", "评分", "服务时长（小时）");
		assertThat(rows.subList(1, rows.size()).stream().map(r -> r.get(0))).containsExactly(ids.get("A").toString(),
				ids.get("B").toString(), ids.get("C").toString(), ids.get("D").toString());
		assertThat(rows.get(1)).containsExactly(ids.get("A").toString(), "助老敬老", "'=SUM(1,2) 帮忙买菜", "北关社区实践站", "已评价",
				"2026-03-01 00:00:00", "2026-03-01 00:10:00", "2026-03-01 05:00:00", "2026-03-04 00:10:00", "否", "",
				"4.60", "1.5");
		assertThat(rows.get(2).get(9)).isEqualTo("是");
		assertThat(rows.get(3).get(4)).isEqualTo("已取消");
		assertThat(rows.get(4).get(5)).isEqualTo("2026-03-03 00:00:00");

		export(staff(tree.otherStation()), tree.institute(), "csv", 403);
		export(resident(), tree.institute(), null, 403);
		export(admin(), tree.institute(), "pdf", 400);
		// at most 366 days
		exportQuery("&from=2025-01-01&to=2026-01-03", 400);
		exportQuery("&from=2025-01-01&to=2026-01-02", 200);
		exportQuery("&from=2026-03-04&to=2026-03-01", 400);
	}

	@Test
	void theExportAsXlsxOpensWithTheSameRows() throws IOException {
		EntityExchangeResult<byte[]> result = export(admin(), tree.centre(), "xlsx", 200);
		assertThat(result.getResponseHeaders().getContentType().toString())
			.isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		assertThat(filename(result)).isEqualTo("订单明细_平城区新时代文明实践中心_2026-03-01_至_2026-03-03.xlsx");
		// as a spreadsheet opens it: through the zip's central directory
		Path file = Files.createTempFile("export", ".xlsx");
		Map<String, String> parts = new HashMap<>();
		try {
			Files.write(file, result.getResponseBody());
			try (ZipFile zip = new ZipFile(file.toFile())) {
				for (ZipEntry entry : Collections.list(zip.entries())) {
					parts.put(entry.getName(),
							unescape(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8)));
				}
			}
		}
		finally {
			Files.delete(file);
		}
		assertThat(parts).containsKeys("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml");
		String sheet = parts.get("xl/worksheets/sheet1.xml");
		String strings = parts.getOrDefault("xl/sharedStrings.xml", "") + sheet;
		// a header row and the six orders of the centre in the period
		assertThat(sheet).contains("<row r=\"7\"").doesNotContain("<row r=\"8\"");
		assertThat(strings).contains("订单编号", "服务时长（小时）", "助老敬老", "陪老人看病", "文艺演出", "南关社区实践站", "已评价")
			.doesNotContain("区间之后", "区间之前");
		assertThat(parts.get("xl/workbook.xml")).contains("订单明细");
	}

	/** XML character references ({@code &#x8ba2;}) as the characters they stand for. */
	static String unescape(String xml) {
		return java.util.regex.Pattern.compile("&#x([0-9a-fA-F]+);")
			.matcher(xml)
			.replaceAll(m -> java.util.regex.Matcher
				.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
	}

	/** RFC 4180, as a spreadsheet reads it. */
	static List<List<String>> parseCsv(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					cell.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i++;
			}
			else {
				cell.append(c);
			}
		}
		assertThat(row).isEmpty();
		return rows;
	}

}
