package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.civicdispatch.localstack.ApiFuzzer.Finding;
import org.civicdispatch.localstack.ApiFuzzer.Operation;
import org.civicdispatch.localstack.ApiFuzzer.Report;
import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The published contract of the whole {@link Platform}: the gateway's combined OpenAPI
 * description lists every endpoint of the contract that is built, and no input to any
 * operation it lists, however odd, answers 5xx, answers an error that is not a problem,
 * or leaves the things people rely on unreadable.
 * <p>
 * The fuzzing is repeatable: it prints its seed, and {@code -Dfuzz.seed=<seed>} sends the
 * same requests again ({@code -Dfuzz.requests}, default 2,000, and {@code -Dfuzz.lanes},
 * default 6, say how many and how many at once).
 * {@code -Dfuzz.gateway=http://localhost:8080} (with {@code -Dfuzz.data-dir=.local-stack}
 * for the logs) runs it against a local stack that is already running instead of starting
 * one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractEndToEndTests {

	/**
	 * Every endpoint of the contract (shared API.md: the Accounts and org, Catalogue and
	 * orders, Points and store tables, Live updates, 抢单 and 心愿墙, 活动报名) as
	 * {@code METHOD /path}.
	 */
	static final List<String> CONTRACT = List.of(
			// Accounts and org (volunteer-service)
			"POST /api/auth/register", "POST /api/auth/login", "GET /api/me", "GET /api/org-units",
			"POST /api/org-units", "POST /api/staff", "POST /api/volunteers", "GET /api/volunteers/{userId}",
			"GET /api/volunteers/{userId}/service-records", "POST /api/teams", "POST /api/teams/{id}/members",
			"GET /api/teams/{id}", "GET /api/teams",
			// 志愿服务证明 (volunteer-service)
			"GET /api/volunteers/{userId}/certificate.pdf", "GET /api/certificates/{code}",
			// Catalogue and orders (order-service)
			"GET /api/catalog", "POST /api/orders", "GET /api/orders/{id}", "GET /api/orders",
			"POST /api/orders/{id}/dispatch", "POST /api/orders/{id}/accept", "POST /api/orders/{id}/reject",
			"POST /api/orders/{id}/start", "POST /api/orders/{id}/complete", "POST /api/orders/{id}/evaluations",
			"POST /api/orders/{id}/cancel", "POST /api/orders/{id}/urge", "GET /api/orders/export",
			"GET /api/stats/orders", "GET /api/stats/points",
			// 抢单 and 心愿墙 (order-service)
			"GET /api/dispatch/stations/{stationId}", "PUT /api/dispatch/stations/{stationId}", "GET /api/orders/pool",
			"POST /api/orders/{id}/claim", "POST /api/wishes", "GET /api/wishes", "GET /api/wishes/{id}",
			"POST /api/wishes/{id}/claim", "POST /api/wishes/{id}/close",
			// Live updates (order-service)
			"GET /api/events/stream",
			// Points and store (points-service)
			"GET /api/points/accounts/me", "GET /api/points/accounts/me/entries", "GET /api/points/accounts/{userId}",
			"POST /api/points/adjustments", "GET /api/points/leaderboard", "GET /api/points/ledger/check",
			"GET /api/store/items", "POST /api/store/items", "POST /api/store/redemptions",
			"GET /api/store/redemptions", "POST /api/store/redemptions/{id}/fulfil",
			"POST /api/store/redemptions/{id}/cancel",
			// 活动报名 (volunteer-service)
			"POST /api/activities", "GET /api/activities", "GET /api/activities/{id}",
			"POST /api/activities/{id}/signups", "DELETE /api/activities/{id}/signups/me",
			"GET /api/activities/signups/me", "GET /api/activities/{id}/signups",
			"GET /api/activities/{id}/check-in-code", "POST /api/activities/{id}/check-ins",
			"POST /api/activities/{id}/attendance", "POST /api/activities/{id}/complete");

	/** The contract's endpoints that need no token. */
	static final Set<String> PUBLIC = Set.of("POST /api/auth/register", "POST /api/auth/login", "GET /api/catalog",
			"GET /api/org-units", "GET /api/store/items", "GET /api/wishes", "GET /api/wishes/{id}",
			// anyone checks a certificate's code
			"GET /api/certificates/{code}", "GET /api/activities", "GET /api/activities/{id}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static Path dataDirectory;

	private static String gatewayUrl;

	private static JsonNode description;

	@BeforeAll
	static void startPlatform() throws Exception {
		String running = System.getProperty("fuzz.gateway");
		if (running != null && !running.isBlank()) {
			gatewayUrl = running.replaceAll("/+$", "");
			dataDirectory = Path.of(System.getProperty("fuzz.data-dir", ".local-stack"));
		}
		else {
			dataDirectory = Platform.stack().dataDirectory();
			gatewayUrl = Platform.stack().gatewayUrl();
		}
		// each service writes its description when first asked: give the first request
		// time
		HttpResponse<String> answer = await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString()),
					(a) -> a.statusCode() == 200
							&& !JSON.readTree(a.body()).path("info").has("x-unavailable-services"));
		description = JSON.readTree(answer.body());
	}

	@Test
	@Order(1)
	void theCombinedDescriptionListsEveryEndpointOfTheContract() {
		Set<String> described = new TreeSet<>();
		for (Operation operation : ApiFuzzer.operations(description)) {
			described.add(template(operation.method() + " " + operation.path()));
		}
		List<String> missing = CONTRACT.stream().filter((endpoint) -> !described.contains(template(endpoint))).toList();

		assertThat(missing).as("endpoints of the contract missing from GET /v3/api-docs").isEmpty();
		assertThat(description.path("openapi").asString()).isEqualTo("3.1.0");
		assertThat(description.path("info").has("x-unavailable-services")).isFalse();
	}

	@Test
	@Order(2)
	void publicEndpointsNeedNoTokenAndEveryOperationNamesItsProblemAnswers() {
		assertThat(description.path("components").path("securitySchemes").path("bearerAuth").path("scheme").asString())
			.isEqualTo("bearer");
		assertThat(description.path("security").get(0).has("bearerAuth")).isTrue();
		List<String> wrong = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : description.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				String endpoint = entry.getKey().toUpperCase() + " " + path.getKey();
				JsonNode operation = entry.getValue();
				boolean open = operation.path("security").isArray() && operation.path("security").isEmpty();
				if (PUBLIC.contains(endpoint) != open && CONTRACT.contains(endpoint)) {
					wrong.add(endpoint + (open ? " needs no token" : " needs a token"));
				}
				for (String status : List.of("400", "401", "403", "404", "409", "429", "503")) {
					JsonNode schema = operation.path("responses")
						.path(status)
						.path("content")
						.path("application/problem+json")
						.path("schema");
					if (!schema.path("$ref").asString("").equals("#/components/schemas/Problem")) {
						wrong.add(endpoint + " does not describe its " + status + " problem");
					}
				}
			}
		}
		assertThat(wrong).isEmpty();
		assertThat(description.path("components").path("schemas").path("Problem").path("properties").propertyNames())
			.contains("type", "title", "status", "detail", "instance", "requestId", "errors");
	}

	@Test
	@Order(3)
	void noInputToAnyOperationAnswers5xxOrLeavesTheWorldUnreadable() throws Exception {
		long seed = Long.getLong("fuzz.seed", System.nanoTime() % 1_000_000_000L);
		int requests = Integer.getInteger("fuzz.requests", 2_000);
		int lanes = Integer.getInteger("fuzz.lanes", 6);
		System.out.printf("Fuzzing with seed %d (repeat with -Dfuzz.seed=%d)%n", seed, seed);
		GatewayClient gateway = new GatewayClient(gatewayUrl);
		FuzzWorld world = FuzzWorld.setUp(gateway, "1370" + String.format("%03d", Math.floorMod(seed, 1000)));
		ApiFuzzer fuzzer = new ApiFuzzer(gatewayUrl, description, world);

		Report report = fuzzer.run(seed, requests, lanes);
		String summary = summary(report, fuzzer.operations().size());
		System.out.println(summary);

		List<String> unreadable = unreadable(gateway, world);
		unreadable.forEach((line) -> System.out.println("Unreadable after fuzzing: " + line));

		assertThat(report.requests()).isEqualTo(requests);
		assertThat(report.findings()).as(summary).isEmpty();
		assertThat(unreadable).as("what the world's people rely on, read after fuzzing").isEmpty();
	}

	/**
	 * Each read must answer 200; a breaker opened by a finding gets a few seconds to
	 * close first.
	 */
	private static List<String> unreadable(GatewayClient gateway, FuzzWorld world) throws InterruptedException {
		List<String> unreadable = new ArrayList<>();
		for (FuzzWorld.Read read : world.reads()) {
			Answer answer = gateway.get(read.path(), read.token());
			for (int attempt = 0; answer.status() != 200 && attempt < 15; attempt++) {
				Thread.sleep(1_000);
				answer = gateway.get(read.path(), read.token());
			}
			if (answer.status() != 200) {
				unreadable
					.add("GET " + read.path() + " answered " + answer.status() + ": " + shorten(answer.body(), 300));
			}
			else if (read.path().equals("/api/points/ledger/check") && !answer.json().path("balanced").asBoolean()) {
				unreadable.add("GET " + read.path() + " is not balanced: " + shorten(answer.body(), 300));
			}
		}
		return unreadable;
	}

	private static String summary(Report report, int operations) {
		StringBuilder out = new StringBuilder();
		out.append(String.format("Fuzzed %d operations with %d requests in %.1f s (seed %d)%n", operations,
				report.requests(), report.took().toMillis() / 1000.0, report.seed()));
		out.append("Status codes: ");
		report.statuses()
			.forEach((status, count) -> out
				.append(status == 0 ? "no answer" : status == -1 ? "not sent" : String.valueOf(status))
				.append('=')
				.append(count)
				.append("  "));
		out.append(String.format(
				"%n%d x 5xx, %d findings (%d distinct); %d requests sent again after a silent connection%n",
				report.serverErrors(), report.findings().size(), report.distinct().size(), report.retried()));
		report.retriedRequests()
			.forEach((request) -> out.append("  sent again: ").append(request).append(System.lineSeparator()));
		report.distinct().forEach((key, finding) -> out.append(describe(finding)));
		return out.toString();
	}

	private static String describe(Finding finding) {
		StringBuilder out = new StringBuilder();
		out.append(String.format("- %s %s%n    input: %s, as %s%n    answer: %d %s %s%n", finding.request().method(),
				finding.request().operation().path(), finding.request().kind(), finding.request().role(),
				finding.status(), finding.contentType(), shorten(finding.body(), 240)));
		out.append("    request: ")
			.append(shorten(finding.request().uri(), 200))
			.append(" (X-Request-Id ")
			.append(finding.request().requestId())
			.append(")%n".formatted());
		for (String line : logLines(finding.request().requestId())) {
			out.append("    log: ").append(line).append(System.lineSeparator());
		}
		return out.toString();
	}

	/**
	 * What the logs say about one request: its warnings and errors in every service's
	 * log, each with the exception that follows it and that exception's last cause.
	 */
	static List<String> logLines(String requestId) {
		Path logs = dataDirectory.resolve("logs");
		List<String> found = new ArrayList<>();
		if (!Files.isDirectory(logs)) {
			return found;
		}
		try (Stream<Path> files = Files.list(logs)) {
			for (Path file : files.sorted().toList()) {
				List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
				for (int i = 0; i < lines.size(); i++) {
					String line = lines.get(i);
					if (!line.contains("[" + requestId + "]")
							|| !(line.contains(" ERROR ") || line.contains(" WARN "))) {
						continue;
					}
					found.add(file.getFileName() + ": " + shorten(line.replaceAll("^\\S+\\s+", ""), 260));
					String exception = null;
					String cause = null;
					for (int j = i + 1; j < lines.size() && !lines.get(j).matches("^\\d{4}-\\d\\d-\\d\\dT.*"); j++) {
						String next = lines.get(j);
						if (exception == null && !next.isBlank() && !next.startsWith("\t") && !next.startsWith(" ")) {
							exception = next;
						}
						if (next.startsWith("Caused by: ")) {
							cause = next;
						}
					}
					if (exception != null) {
						found.add("  " + shorten(exception, 260));
					}
					if (cause != null) {
						found.add("  " + shorten(cause, 260));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

	/**
	 * {@code GET /api/teams/{id}} and {@code GET /api/teams/{teamId}} are the same
	 * endpoint.
	 */
	private static String template(String endpoint) {
		return endpoint.replaceAll("\\{[^}]*}", "{}");
	}

	private static String shorten(String text, int max) {
		String flat = text == null ? "" : text.replace("\n", "\\n").replace("\r", "\\r");
		return flat.length() > max ? flat.substring(0, max) + "…" : flat;
	}

}
