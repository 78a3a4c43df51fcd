package org.civicdispatch.volunteer.certificate;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderEvaluated;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 志愿服务证明 over real HTTP, PostgreSQL and Kafka: records from evaluated orders (as
 * order-service publishes them) and from completed activities, the PDF's text and QR code
 * as a reader sees them, who may download it, and the public check of its code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "civic.seed-admin=true", "civic.public-url=https://wenming.example.cn/" })
@WithRealInfra
class CertificateIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(20);

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	static final Pattern CODE = Pattern.compile("验证码：([2-9A-HJ-NP-Z]{12})");

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	Api api;

	String admin;

	String prefix;

	List<UUID> tree;

	UUID station;

	LocalDate today;

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.ORDER_EVENTS);
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void setUp() {
		api = new Api(port);
		admin = api.adminToken();
		prefix = "平城" + UUID.randomUUID().toString().substring(0, 4);
		tree = api.tree(admin, prefix);
		station = tree.get(2);
		today = LocalDate.now(CHINA);
	}

	@Test
	void aVolunteerDownloadsACertificateOfTheirRecordsWhoseCodeAnyoneCanCheck() throws Exception {
		User volunteer = api.volunteer("欧阳小明", station);
		String volunteerNo = (String) api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK)
			.get("volunteerNo");
		// two evaluated orders, as order-service announces them
		probe.publish(EventEnvelope.of("/order-service",
				new OrderEvaluated(UUID.randomUUID(), UUID.randomUUID(), "ELDERLY", station, new BigDecimal("4.8"),
						List.of(new ApprovedHours(volunteer.id(), new BigDecimal("2.5"))), "陪独居老人读报")));
		probe.publish(EventEnvelope.of("/order-service",
				new OrderEvaluated(UUID.randomUUID(), UUID.randomUUID(), "HEALTH", station, new BigDecimal("5.0"),
						List.of(new ApprovedHours(volunteer.id(), new BigDecimal("1.25"))), "帮独居老人测血压")));
		// a completed activity three days ago, organised by the institute, and one from
		// well over a year ago
		activityRecord(volunteer.id(), today.minusDays(3), "社区垃圾分类宣传", "幸福社区文化广场", tree.get(1), "3.00");
		activityRecord(volunteer.id(), today.minusDays(400), "往年义务植树", "城东林场", station, "5.00");
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(api.get("/api/volunteers/" + volunteer.id(), volunteer.token(), HttpStatus.OK))
						.containsEntry("serviceHours", 11.75));

		// by default the last 365 days: the old activity is not in it
		EntityExchangeResult<byte[]> download = pdf(volunteer.id(), "", volunteer.token());
		assertThat(download.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
		assertThat(download.getResponseHeaders().getContentDisposition().getFilename())
			.isEqualTo("志愿服务证明_" + volunteerNo + "_" + today.minusDays(364) + "_" + today + ".pdf");
		String code;
		try (PDDocument pdf = Loader.loadPDF(download.getResponseBody())) {
			assertThat(pdf.getNumberOfPages()).isOne();
			assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
			assertThat(pdf.getPage(0).getMediaBox().getHeight()).isEqualTo(PDRectangle.A4.getHeight());
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text)
				.contains("志愿服务证明", "欧阳小明", volunteerNo, "陪独居老人读报", "帮独居老人测血压", "社区垃圾分类宣传", "幸福社区文化广场",
						prefix + "文明实践所", "服务次数：3 次", "累计服务时长：6.75 小时",
						"证明期间：" + chinese(today.minusDays(364)) + " 至 " + chinese(today),
						"开具单位：" + prefix + "新时代文明实践中心", "开具日期：" + chinese(today), today.minusDays(3).toString())
				.doesNotContain("往年义务植树", "另有");
			// newest first: the activity of three days ago comes after today's orders
			assertThat(text.indexOf("社区垃圾分类宣传")).isGreaterThan(text.indexOf("陪独居老人读报"))
				.isGreaterThan(text.indexOf("帮独居老人测血压"));
			Matcher matcher = CODE.matcher(text);
			assertThat(matcher.find()).as("the verification code is printed: %s", text).isTrue();
			code = matcher.group(1);
			// the QR code, read from the rendered page as a phone's camera would, opens
			// the check of that code
			BufferedImage page = new PDFRenderer(pdf).renderImageWithDPI(0, 150, ImageType.RGB);
			Path png = Path.of("target", "certificate.png");
			Files.createDirectories(png.getParent());
			ImageIO.write(page, "png", png.toFile());
			assertThat(qr(page)).isEqualTo("https://wenming.example.cn/api/certificates/" + code);
		}

		// anyone checks the code, without signing in
		Map<String, Object> check = api.get("/api/certificates/" + code, null, HttpStatus.OK);
		assertThat(check).containsEntry("valid", true)
			.containsEntry("name", "欧阳**")
			.containsEntry("volunteerNo", volunteerNo)
			.containsEntry("hours", 6.75)
			.containsEntry("from", today.minusDays(364).toString())
			.containsEntry("to", today.toString())
			.containsKey("issuedAt");
		assertThat(count("select count(*) from certificates where code = '" + code + "' and issued_by = '"
				+ volunteer.id() + "'"))
			.isOne();

		// a period of their choosing: the old activity is in it, and the new certificate
		// has a code of its own
		String period = "from=" + today.minusDays(500) + "&to=" + today;
		try (PDDocument pdf = Loader.loadPDF(pdf(volunteer.id(), period, volunteer.token()).getResponseBody())) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains("往年义务植树", "城东林场", "服务次数：4 次", "累计服务时长：11.75 小时", today.minusDays(400).toString());
			Matcher matcher = CODE.matcher(text);
			assertThat(matcher.find()).isTrue();
			assertThat(matcher.group(1)).isNotEqualTo(code);
			assertThat(api.get("/api/certificates/" + matcher.group(1), null, HttpStatus.OK))
				.containsEntry("hours", 11.75)
				.containsEntry("from", today.minusDays(500).toString());
		}
		// a period without records still makes a certificate, saying so
		try (PDDocument pdf = Loader
			.loadPDF(pdf(volunteer.id(), "from=2020-01-01&to=2020-12-31", volunteer.token()).getResponseBody())) {
			assertThat(new PDFTextStripper().getText(pdf)).contains("证明期间内没有服务记录", "累计服务时长：0 小时",
					"证明期间：2020年1月1日 至 2020年12月31日");
		}
		assertThat(count("select count(*) from certificates where volunteer_id = '" + volunteer.id() + "'"))
			.isEqualTo(3);
	}

	@Test
	void recordsBeyondWhatThePageHoldsAreCountedAndStillAddUp() throws Exception {
		User volunteer = api.volunteer("王芳", station);
		for (int day = 1; day <= 20; day++) {
			activityRecord(volunteer.id(), today.minusDays(day), "周末助老服务第" + day + "次", "敬老院", station, "1.50");
		}
		// what the font cannot draw (an emoji in an order's title) does not break the
		// page
		activityRecord(volunteer.id(), today, "义诊😀活动", "卫生室", station, "2.00");

		try (PDDocument pdf = Loader.loadPDF(pdf(volunteer.id(), "", volunteer.token()).getResponseBody())) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(pdf.getNumberOfPages()).isOne();
			assertThat(text)
				.contains("义诊?活动", "周末助老服务第1次", "周末助老服务第13次", "服务次数：21 次", "累计服务时长：32 小时", "另有 7 条服务记录未在表中列出")
				.doesNotContain("周末助老服务第14次");
			Matcher matcher = CODE.matcher(text);
			assertThat(matcher.find()).isTrue();
			assertThat(api.get("/api/certificates/" + matcher.group(1), null, HttpStatus.OK))
				.containsEntry("name", "王*")
				.containsEntry("hours", 32.0);
		}
	}

	@Test
	void theVolunteerTheirStationsStaffAndAdminMayDownloadItOthersMayNot() {
		User volunteer = api.volunteer("李志愿", station);
		User stationStaff = staffOver(tree.get(1));
		User otherStaff = staffOver(api.tree(admin, "邻县" + UUID.randomUUID().toString().substring(0, 4)).get(0));
		User otherVolunteer = api.volunteer("张路人", station);
		User resident = api.register("居民赵");

		pdf(volunteer.id(), "", stationStaff.token());
		pdf(volunteer.id(), "", admin);
		assertThat(count("select count(*) from certificates where volunteer_id = '" + volunteer.id()
				+ "' and issued_by = '" + stationStaff.id() + "'"))
			.isOne();

		assertThat(refused(volunteer.id(), "", otherStaff.token(), HttpStatus.FORBIDDEN)).containsEntry("detail",
				"该志愿者不在您管理的范围内");
		refused(volunteer.id(), "", otherVolunteer.token(), HttpStatus.FORBIDDEN);
		refused(volunteer.id(), "", resident.token(), HttpStatus.FORBIDDEN);
		api.client.get()
			.uri("/api/volunteers/" + volunteer.id() + "/certificate.pdf")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// not a volunteer: the resident themself, or nobody at all
		assertThat(refused(resident.id(), "", resident.token(), HttpStatus.NOT_FOUND)).containsEntry("detail",
				"找不到该志愿者");
		refused(UUID.randomUUID(), "", admin, HttpStatus.NOT_FOUND);
		assertThat(count("select count(*) from certificates where volunteer_id = '" + volunteer.id() + "'"))
			.isEqualTo(2);
	}

	@Test
	void badPeriodsAndCodesAre400sAndAnUnknownCodeIsNotValid() {
		User volunteer = api.volunteer("周核验", station);
		assertThat(
				Api.errorFields(refused(volunteer.id(), "from=2026-13-01", volunteer.token(), HttpStatus.BAD_REQUEST)))
			.containsExactly("from");
		assertThat(Api.errorFields(
				refused(volunteer.id(), "from=yesterday&to=2026/01/01", volunteer.token(), HttpStatus.BAD_REQUEST)))
			.containsExactlyInAnyOrder("from", "to");
		assertThat(refused(volunteer.id(), "from=2026-03-01&to=2026-02-28", volunteer.token(), HttpStatus.BAD_REQUEST))
			.satisfies((problem) -> assertThat(Api.errorFields(problem)).containsExactly("to"))
			.containsEntry("detail", "结束日期不能早于开始日期");
		assertThat(refused(volunteer.id(), "from=2020-01-01&to=2025-01-02", volunteer.token(), HttpStatus.BAD_REQUEST))
			.containsEntry("detail", "证明期间不能超过 5 年");
		// exactly five years is allowed
		pdf(volunteer.id(), "from=2020-01-01&to=2025-01-01", volunteer.token());
		assertThat(count("select count(*) from certificates where volunteer_id = '" + volunteer.id() + "'")).isOne();

		for (String malformed : List.of("ABC", "23456789ABCDE", "23456789ABC", "0123456789AB", "23456789ABCI",
				"23456789abcd")) {
			assertThat(Api.errorFields(api.get("/api/certificates/" + malformed, null, HttpStatus.BAD_REQUEST)))
				.as(malformed)
				.containsExactly("code");
		}
		// a code with a space in it does not even reach the check
		api.get("/api/certificates/23456789ABC%20", null, HttpStatus.BAD_REQUEST);
		assertThat(api.get("/api/certificates/23456789ABCD", null, HttpStatus.OK))
			.containsExactly(Map.entry("valid", false));
	}

	private EntityExchangeResult<byte[]> pdf(UUID userId, String query, String token) {
		return api.client.get()
			.uri("/api/volunteers/" + userId + "/certificate.pdf" + (query.isEmpty() ? "" : "?" + query))
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PDF)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(byte[].class)
			.returnResult();
	}

	private Map<String, Object> refused(UUID userId, String query, String token, HttpStatus status) {
		Map<String, Object> problem = api.get(
				"/api/volunteers/" + userId + "/certificate.pdf" + (query.isEmpty() ? "" : "?" + query), token, status);
		assertThat(problem).containsEntry("status", status.value());
		return problem;
	}

	/**
	 * A service record of a completed activity, as the activity's completion writes it.
	 */
	private void activityRecord(UUID volunteerId, LocalDate servedOn, String content, String place, UUID orgUnitId,
			String hours) {
		database.sql("""
				insert into service_records (volunteer_id, activity_id, category, hours, content, place, org_unit_id,
				                             served_on)
				values (:volunteerId, :activityId, 'ENVIRONMENT', :hours, :content, :place, :orgUnitId, :servedOn)
				""")
			.bind("volunteerId", volunteerId)
			.bind("activityId", UUID.randomUUID())
			.bind("hours", new BigDecimal(hours))
			.bind("content", content)
			.bind("place", place)
			.bind("orgUnitId", orgUnitId)
			.bind("servedOn", servedOn)
			.then()
			.block();
	}

	private User staffOver(UUID orgUnitId) {
		User user = api.register("工作人员" + UUID.randomUUID().toString().substring(0, 4));
		api.post("/api/staff", admin, Map.of("userId", user.id().toString(), "orgUnitId", orgUnitId.toString()),
				HttpStatus.CREATED);
		return api.relogin(user);
	}

	private long count(String sql) {
		return database.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
	}

	private static String chinese(LocalDate date) {
		return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
	}

	/** The text of the QR code on a rendered page. */
	private static String qr(BufferedImage image) throws NotFoundException, IOException {
		int width = image.getWidth();
		int height = image.getHeight();
		int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
		try {
			return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
		}
		catch (com.google.zxing.ChecksumException | com.google.zxing.FormatException ex) {
			throw new IOException("The QR code does not decode", ex);
		}
	}

}
