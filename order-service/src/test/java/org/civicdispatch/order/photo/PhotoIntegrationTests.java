package org.civicdispatch.order.photo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld;
import org.civicdispatch.order.OrderWorld.Team;
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
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * Photos of an order through the HTTP API: the resident's when ordering, the team's at
 * completion; only real JPEG, PNG or WebP images of at most 5 MB, at most 9 per order,
 * kept without their GPS position, with thumbnails, readable only by those who may read
 * the order; and nothing half-written when the store or the transaction fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.sweep.interval=300ms")
@WithRealInfra
class PhotoIntegrationTests {

	static final Path DIRECTORY;

	static {
		try {
			DIRECTORY = Files.createTempDirectory("civic-photos-test").resolve("photos");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	WebTestClient http;

	OrderWorld world;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("civic.photos.storage", () -> "filesystem");
		registry.add("civic.photos.directory", DIRECTORY::toString);
	}

	@BeforeAll
	static void probes() {
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbes() {
		volunteerEvents.close();
	}

	@BeforeEach
	void world() {
		http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(60))
			.build();
		world = new OrderWorld(http, db, volunteerEvents);
	}

	JsonNode upload(User user, UUID orderId, byte[] bytes, String filename, String contentType, int status) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(bytes) {
			@Override
			public String getFilename() {
				return filename;
			}
		}).contentType(MediaType.parseMediaType(contentType));
		return http.post()
			.uri("/api/orders/{id}/photos", orderId)
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	byte[] download(User user, String url, int status, String contentType) {
		WebTestClient.ResponseSpec response = http.get()
			.uri(url)
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isEqualTo(status);
		if (contentType != null) {
			response.expectHeader().contentType(contentType);
		}
		return response.expectBody(byte[].class).returnResult().getResponseBody();
	}

	long rows(String table, UUID orderId) {
		return world.count("SELECT count(*) AS n FROM " + table + " WHERE order_id = '" + orderId + "'");
	}

	List<String> storedFiles() throws IOException {
		if (!Files.isDirectory(DIRECTORY)) {
			return List.of();
		}
		try (var files = Files.list(DIRECTORY)) {
			return files.map(p -> p.getFileName().toString()).toList();
		}
	}

	@Test
	void theResidentsPhotoIsKeptWithoutItsGpsPositionWithAThumbnailAndShownOnlyToThoseWhoMayReadTheOrder() {
		Tree tree = world.tree();
		world.team(tree.station(), 2, "HOUSEKEEPING");
		User resident = resident();
		UUID orderId = world.place(resident, "HOUSEKEEPING", tree.station());
		byte[] photo = TestImages.jpegWithGps(1200, 900);
		assertThat(TestImages.containsGps(photo)).isTrue();

		JsonNode uploaded = upload(resident, orderId, photo, "漏水的水龙头.jpg", "image/jpeg", 201);

		assertThat(uploaded.get("contentType").asString()).isEqualTo("image/jpeg");
		String url = uploaded.get("url").asString();
		assertThat(url).isEqualTo("/api/photos/" + uploaded.get("id").asString());
		byte[] kept = download(resident, url, 200, "image/jpeg");
		assertThat(uploaded.get("size").asInt()).isEqualTo(kept.length);
		assertThat(TestImages.containsGps(kept)).as("the GPS position is gone").isFalse();
		assertThat(TestImages.jpegMarkers(kept)).doesNotContain(0xE1);
		assertThat(TestImages.read(kept).getWidth()).isEqualTo(1200);
		byte[] thumbnail = download(resident, url + "/thumbnail", 200, "image/jpeg");
		assertThat(TestImages.read(thumbnail).getWidth()).isEqualTo(320);

		JsonNode order = world.get(resident, orderId);
		JsonNode shown = order.get("photos").get(0);
		assertThat(shown.get("id").asString()).isEqualTo(uploaded.get("id").asString());
		assertThat(shown.get("url").asString()).isEqualTo(url);
		assertThat(shown.get("thumbnailUrl").asString()).isEqualTo(url + "/thumbnail");
		assertThat(shown.get("by").asString()).isEqualTo(resident.id().toString());
		assertThat(order.get("history").valueStream().map(h -> h.get("action").asString())).contains("PHOTO_ADDED");
		JsonNode listed = world.call(resident, "GET", "/api/orders?mine=true", null, 200).get("items").get(0);
		assertThat(listed.get("photos").get(0).get("thumbnailUrl").asString()).isEqualTo(url + "/thumbnail");

		download(staff(tree.station()), url, 200, "image/jpeg");
		download(resident(), url, 403, null);
		download(resident(), url + "/thumbnail", 403, null);
		download(staff(tree.otherStation()), url, 403, null);
		download(resident, "/api/photos/" + UUID.randomUUID(), 404, null);
		// someone else's order
		upload(resident(), orderId, TestImages.png(50, 50), "mine.png", "image/png", 403);
		upload(resident, UUID.randomUUID(), TestImages.png(50, 50), "x.png", "image/png", 404);
	}

	@Test
	void onlyRealJpegPngOrWebpImagesOfAtMostFiveMegabytesAreTaken() {
		Tree tree = world.tree();
		User resident = resident();
		UUID orderId = world.place(resident, "HOUSEKEEPING", tree.station());

		JsonNode pdf = upload(resident, orderId, TestImages.pdf(), "院子.jpg", "image/jpeg", 415);
		assertThat(pdf.get("detail").asString()).contains("JPEG、PNG 或 WebP");
		upload(resident, orderId, TestImages.jpegHeaderOnGarbage(), "坏图.jpg", "image/jpeg", 415);
		JsonNode large = upload(resident, orderId, TestImages.largeFile(6 * 1024 * 1024), "大图.jpg", "image/jpeg", 413);
		assertThat(large.get("detail").asString()).contains("5 MB");
		assertThat(rows("order_photo", orderId)).isZero();

		upload(resident, orderId, TestImages.pngWithGps(300, 200), "a.png", "image/png", 201);
		JsonNode webp = upload(resident, orderId, TestImages.webpWithGps(), "b.webp", "application/octet-stream", 201);
		assertThat(webp.get("contentType").asString()).isEqualTo("image/webp");
		assertThat(TestImages.containsGps(download(resident, webp.get("url").asString(), 200, "image/webp"))).isFalse();
		assertThat(world.get(resident, orderId).get("photos")).hasSize(2);
	}

	@Test
	void aTenthPhotoIsRefusedEvenWhenUploadsRaceAndNoRefusedUploadLeavesAnObjectBehind() throws Exception {
		Tree tree = world.tree();
		User resident = resident();
		UUID orderId = world.place(resident, "HOUSEKEEPING", tree.station());
		for (int i = 0; i < 7; i++) {
			upload(resident, orderId, TestImages.png(40 + i, 40), "p" + i + ".png", "image/png", 201);
		}
		List<Callable<Integer>> racing = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			byte[] bytes = TestImages.jpeg(300 + i, 300);
			racing.add(() -> http.post()
				.uri("/api/orders/{id}/photos", orderId)
				.headers(h -> h.setBearerAuth(resident.token()))
				.contentType(MediaType.MULTIPART_FORM_DATA)
				.body(BodyInserters.fromMultipartData(multipart(bytes)))
				.exchange()
				.returnResult(byte[].class)
				.getStatus()
				.value());
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
			for (Future<Integer> f : pool.invokeAll(racing)) {
				statuses.add(f.get());
			}
		}
		assertThat(statuses).containsOnly(201, 409);
		assertThat(statuses.stream().filter(s -> s == 201)).hasSize(2);
		JsonNode tenth = upload(resident, orderId, TestImages.png(10, 10), "10.png", "image/png", 409);
		assertThat(tenth.get("detail").asString()).contains("9");
		assertThat(world.get(resident, orderId).get("photos")).hasSize(9);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(rows("photo_upload", orderId)).isZero();
			List<String> photoIds = db.sql("SELECT id FROM order_photo WHERE order_id = :o")
				.bind("o", orderId)
				.map(row -> row.get("id", UUID.class).toString())
				.all()
				.collectList()
				.block();
			assertThat(storedFiles().stream().filter(f -> photoIds.stream().anyMatch(f::startsWith))).hasSize(18);
			assertThat(storedFiles()).as("only the kept photos and their thumbnails are stored")
				.allMatch(f -> !f.startsWith(".upload-"));
		});
	}

	@Test
	void whenTheStoreFailsNothingIsAddedAndWhatWasLeftIsSweptOnceItIsBack() throws Exception {
		Tree tree = world.tree();
		User resident = resident();
		UUID orderId = world.place(resident, "HOUSEKEEPING", tree.station());
		List<String> before = storedFiles();
		Path moved = DIRECTORY.resolveSibling("photos-away");
		if (Files.isDirectory(DIRECTORY)) {
			Files.move(DIRECTORY, moved);
		}
		Files.writeString(DIRECTORY, "not a folder");
		try {
			JsonNode problem = upload(resident, orderId, TestImages.jpeg(200, 200), "a.jpg", "image/jpeg", 503);
			assertThat(problem.get("detail").asString()).contains("照片存储暂时不可用");
			assertThat(rows("order_photo", orderId)).isZero();
			assertThat(world.get(resident, orderId).get("photos")).isEmpty();
		}
		finally {
			Files.delete(DIRECTORY);
			if (Files.isDirectory(moved)) {
				Files.move(moved, DIRECTORY);
			}
		}
		// an upload given up on (its instance died between storing and adding): swept
		// with its objects
		UUID abandoned = UUID.randomUUID();
		Files.createDirectories(DIRECTORY);
		Files.write(DIRECTORY.resolve(abandoned.toString()), TestImages.jpeg(10, 10));
		Files.write(DIRECTORY.resolve(abandoned + "-thumbnail"), TestImages.jpeg(10, 10));
		world.execute("INSERT INTO photo_upload (photo_id, order_id, started_at) VALUES ('" + abandoned + "', '"
				+ orderId + "', now() - interval '1 hour')");
		// the failed upload's own note, if cleaning up failed too, once it is as old
		world.execute(
				"UPDATE photo_upload SET started_at = now() - interval '1 hour' WHERE order_id = '" + orderId + "'");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(rows("photo_upload", orderId)).isZero();
			assertThat(storedFiles()).noneMatch(f -> f.startsWith(abandoned.toString()));
		});
		assertThat(storedFiles()).containsAll(before);
		upload(resident, orderId, TestImages.jpeg(200, 200), "a.jpg", "image/jpeg", 201);
	}

	@Test
	void theTeamAddsPhotosWhileServingAndAtCompletionAndTheResidentOnlyWhileTheOrderIsOpen() {
		Tree tree = world.tree();
		Team team = world.team(tree.station(), 2, "ENVIRONMENT");
		User resident = resident();
		UUID orderId = world.place(resident, "ENVIRONMENT", tree.station());
		world.awaitDispatchedTo(orderId, team);
		world.post(team.leader(), orderId, "accept", Map.of("volunteerIds", List.of(team.member(0).id())), 200);
		// not yet under way
		upload(team.member(0), orderId, TestImages.jpeg(100, 100), "before.jpg", "image/jpeg", 409);
		world.post(team.member(0), orderId, "start", null, 200);

		upload(team.member(0), orderId, TestImages.jpeg(100, 100), "clean.jpg", "image/jpeg", 201);
		upload(team.member(1), orderId, TestImages.jpeg(100, 100), "not-mine.jpg", "image/jpeg", 403);
		world.post(team.leader(), orderId, "complete",
				Map.of("summary", "院子已打扫干净", "hours", List.of(Map.of("volunteerId", team.member(0).id(), "hours", 2))),
				200);
		upload(team.leader(), orderId, TestImages.jpeg(100, 100), "after.jpg", "image/jpeg", 201);
		upload(resident, orderId, TestImages.jpeg(100, 100), "late.jpg", "image/jpeg", 409);

		JsonNode order = world.get(resident, orderId);
		assertThat(order.get("photos").valueStream().map(p -> p.get("by").asString()))
			.containsExactly(team.member(0).id().toString(), team.leader().id().toString());
		download(team.member(1), order.get("photos").get(0).get("thumbnailUrl").asString(), 200, "image/jpeg");
	}

	static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> multipart(
			byte[] bytes) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(bytes) {
			@Override
			public String getFilename() {
				return "photo.jpg";
			}
		}).contentType(MediaType.IMAGE_JPEG);
		return body.build();
	}

}
