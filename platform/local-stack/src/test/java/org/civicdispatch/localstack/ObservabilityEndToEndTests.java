package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of a district's day, on the whole {@link Platform}: the business
 * meters of each application's {@code /actuator/prometheus} after a real order journey
 * through the gateway (the names the Grafana dashboard queries), who may read them
 * through the gateway, and the console as JSON lines ({@code LOG_FORMAT=ecs}, which the
 * platform sets for volunteer-service).
 */
class ObservabilityEndToEndTests {

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	private static final GatewayClient gateway = Platform.gateway();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void anOrderFromPlacingToRedeemedPointsShowsInTheBusinessMeters() {
		District district = District.setUp(gateway, "1396000", "浑源");
		String admin = district.adminToken;
		Scrape ordersBefore = scrape(Service.ORDER, admin);
		Scrape pointsBefore = scrape(Service.POINTS, admin);

		String orderId = district.placeOrder();
		district.awaitDispatchedToTeam(orderId);
		district.acceptStartComplete(orderId);
		district.evaluate(orderId);
		district.awaitBalance(district.leaderToken, 30);
		district.awaitBalance(district.memberToken, 36);
		district.redeem(20);

		Scrape orders = scrape(Service.ORDER, admin);
		assertThat(orders.value("civic_orders_placed_total", "category=\"ELDERLY\""))
			.isGreaterThanOrEqualTo(ordersBefore.value("civic_orders_placed_total", "category=\"ELDERLY\"") + 1);
		for (String counter : List.of("civic_orders_dispatched_total", "civic_orders_completed_total",
				"civic_dispatch_seconds_count", "civic_accept_seconds_count", "civic_complete_seconds_count")) {
			assertThat(orders.value(counter)).as(counter).isGreaterThanOrEqualTo(ordersBefore.value(counter) + 1);
		}
		// a histogram with buckets, and the order's times went into it
		assertThat(orders.value("civic_dispatch_seconds_bucket", "le=\"+Inf\""))
			.isEqualTo(orders.value("civic_dispatch_seconds_count"));
		assertThat(orders.value("civic_complete_seconds_sum"))
			.isGreaterThan(ordersBefore.value("civic_complete_seconds_sum"));
		assertThat(orders.samples("civic_dispatch_seconds_bucket")).hasSizeGreaterThan(5);
		assertThat(orders.samples("civic_orders_status")).hasSize(8);
		assertThat(orders.has("civic_orders_overdue")).isTrue();
		// read from the database every few seconds here (30 s in production), never on
		// the scrape
		await().atMost(EVENTUALLY)
			.untilAsserted(
					() -> assertThat(scrape(Service.ORDER, admin).value("civic_orders_status", "status=\"EVALUATED\""))
						.isGreaterThanOrEqualTo(1));

		Scrape points = scrape(Service.POINTS, admin);
		// floor(2.5 × 10 × 1.2) + floor(3 × 10 × 1.2) = 30 + 36 points for the two
		// volunteers, 20 spent
		assertThat(points.value("civic_points_awarded_total"))
			.isGreaterThanOrEqualTo(pointsBefore.value("civic_points_awarded_total") + 66);
		assertThat(points.value("civic_points_redeemed_total"))
			.isGreaterThanOrEqualTo(pointsBefore.value("civic_points_redeemed_total") + 20);

		for (Service service : List.of(Service.VOLUNTEER, Service.ORDER, Service.POINTS)) {
			Scrape scraped = scrape(service, admin);
			String ofService = "service=\"" + service.module() + "\"";
			assertThat(scraped.has("civic_outbox_backlog", ofService)).as(service + " outbox backlog").isTrue();
			assertThat(scraped.value("civic_outbox_backlog", ofService)).isGreaterThanOrEqualTo(0);
			assertThat(scraped.has("civic_outbox_oldest_age_seconds", ofService)).as(service + " outbox age").isTrue();
			assertThat(scraped.has("civic_kafka_dlt_records_total", "topic=\"order.events.v1.DLT\"", ofService))
				.as(service + " dead letters")
				.isTrue();
		}
	}

	@Test
	void aRecordNoConsumerCanReadIsCountedAsADeadLetterByEveryServiceThatGaveUpOnIt() throws Exception {
		String admin = gateway.login(District.ADMIN_PHONE, District.ADMIN_PASSWORD);
		String dlt = "topic=\"volunteer.events.v1.DLT\"";
		double ordersBefore = scrape(Service.ORDER, admin).value("civic_kafka_dlt_records_total", dlt);
		double pointsBefore = scrape(Service.POINTS, admin).value("civic_kafka_dlt_records_total", dlt);

		Properties settings = new Properties();
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.stack().kafkaBootstrapServers());
		settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
			producer
				.send(new ProducerRecord<>("volunteer.events.v1", UUID.randomUUID().toString(), "{\"not\": \"an event"))
				.get();
		}

		// order-service and points-service both read volunteer.events.v1
		await().atMost(EVENTUALLY).untilAsserted(() -> {
			assertThat(scrape(Service.ORDER, admin).value("civic_kafka_dlt_records_total", dlt))
				.isEqualTo(ordersBefore + 1);
			assertThat(scrape(Service.POINTS, admin).value("civic_kafka_dlt_records_total", dlt))
				.isEqualTo(pointsBefore + 1);
		});
	}

	@Test
	void aWrongPasswordIsCountedAndLoggedAsOneJsonLineWithTheServiceTheRequestIdAndAMaskedPhone() {
		String admin = gateway.login(District.ADMIN_PHONE, District.ADMIN_PASSWORD);
		double before = scrape(Service.VOLUNTEER, admin).value("civic_login_failures_total",
				"reason=\"wrong_credentials\"");
		String requestId = "obs-" + UUID.randomUUID();

		GatewayClient.Answer refused = gateway.post("/api/auth/login", null,
				Map.of("phone", "13960009999", "password", "Wrong@2024x"), Map.of("X-Request-Id", requestId));
		assertThat(refused.status()).isEqualTo(401);

		assertThat(scrape(Service.VOLUNTEER, admin).value("civic_login_failures_total", "reason=\"wrong_credentials\""))
			.isEqualTo(before + 1);

		Path log = Platform.stack().logFile(Service.VOLUNTEER.module());
		JsonNode line = await().atMost(EVENTUALLY)
			.until(() -> ServiceLogs.lines(log)
				.stream()
				.filter(l -> l.contains(requestId) && l.contains("Failed login"))
				.findFirst(), found -> found.isPresent())
			.map(JSON::readTree)
			.orElseThrow();
		assertThat(line.at("/service/name").asString()).isEqualTo("volunteer-service");
		assertThat(line.get("requestId").asString()).isEqualTo(requestId);
		assertThat(line.at("/log/level").asString()).isEqualTo("INFO");
		assertThat(line.get("message").asString()).isEqualTo("Failed login for 139****9999");
		assertThat(line.get("@timestamp").asString()).isNotBlank();
		assertThat(ServiceLogs.lines(log)).as("the phone never appears unmasked")
			.noneMatch(l -> l.contains("13960009999"));
		// every line the service logged is JSON, from the first to the last; only the
		// JVM's own warnings on
		// stderr (newer JDKs warn about libraries' native and Unsafe calls) are not the
		// logging system's
		assertThat(ServiceLogs.lines(log).stream().filter(l -> !l.startsWith("WARNING: ")).toList())
			.hasSizeGreaterThan(10)
			.allSatisfy(l -> assertThat(JSON.readTree(l).isObject()).as(l).isTrue());
	}

	@Test
	void kafkaClientsDoNotDumpTheirSettingsIntoAnyServicesLog() {
		for (Service service : List.of(Service.VOLUNTEER, Service.ORDER, Service.POINTS)) {
			List<String> lines = ServiceLogs.lines(Platform.stack().logFile(service.module()));
			assertThat(lines).as(service.module()).isNotEmpty();
			assertThat(lines).as(service.module())
				.noneMatch(l -> l.contains("ProducerConfig values") || l.contains("ConsumerConfig values")
						|| l.contains("AdminClientConfig values") || l.contains("Kafka version:"));
		}
	}

	@Test
	void prometheusThroughTheGatewayIsForAdministratorsOnlyAndHealthStaysOpen() {
		District district = District.setUp(gateway, "1397000", "广灵");
		assertThat(gateway.get("/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(gateway.get("/actuator/prometheus", district.residentToken).status()).isEqualTo(403);
		assertThat(gateway.get("/actuator/prometheus", district.staffToken).status()).isEqualTo(403);
		assertThat(gateway.get("/actuator/health", null).status()).isEqualTo(200);
		Scrape edge = scrape(Platform.stack().gatewayUrl(), district.adminToken);
		assertThat(edge.has("spring_cloud_gateway_requests_seconds_count", "service=\"gateway\"")).isTrue();
		for (Service service : List.of(Service.VOLUNTEER, Service.ORDER, Service.POINTS)) {
			String direct = Platform.stack().serviceUrl(service.module()) + "/actuator/prometheus";
			assertThat(get(direct, null).statusCode()).as(direct).isEqualTo(401);
			assertThat(get(direct, district.residentToken).statusCode()).as(direct).isEqualTo(403);
		}
	}

	private static Scrape scrape(Service service, String adminToken) {
		return scrape(Platform.stack().serviceUrl(service.module()), adminToken);
	}

	private static Scrape scrape(String baseUrl, String adminToken) {
		HttpResponse<String> response = get(baseUrl + "/actuator/prometheus", adminToken);
		assertThat(response.statusCode()).as(baseUrl + " /actuator/prometheus").isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		return new Scrape(response.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
	}

	private static HttpResponse<String> get(String url, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "text/plain");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The samples of one scrape in Prometheus' text format:
	 * {@code name{label="value",...} 12.0}.
	 */
	private record Scrape(List<String> lines) {

		/** The samples named {@code name} whose labels contain every fragment. */
		List<String> samples(String name, String... labels) {
			return this.lines.stream()
				.filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
				.filter(l -> Arrays.stream(labels).allMatch(l.substring(0, l.lastIndexOf(' '))::contains))
				.toList();
		}

		boolean has(String name, String... labels) {
			return !samples(name, labels).isEmpty();
		}

		/** The sum of those samples, 0 when there is none yet. */
		double value(String name, String... labels) {
			return samples(name, labels).stream().mapToDouble(Scrape::number).sum();
		}

		private static double number(String sample) {
			String value = sample.substring(sample.lastIndexOf(' ') + 1);
			return switch (value) {
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(value);
			};
		}

	}

}
