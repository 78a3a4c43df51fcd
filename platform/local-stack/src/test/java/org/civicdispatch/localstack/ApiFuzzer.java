package org.civicdispatch.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.civicdispatch.localstack.FuzzWorld.Role;
import org.civicdispatch.localstack.JsonText.Raw;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every operation of the combined OpenAPI description, again and again, with valid
 * input and with one thing wrong at a time: a field missing or extra or of the wrong
 * type, numbers beyond any range ({@code 1e999}, {@code 1e-2000}), fractions for
 * integers, NUL and other control characters, 10,000-character strings, deep nesting,
 * unknown and malformed ids, odd phones, bodies that are not JSON, the wrong content
 * type, and tokens of every role or none. Each answer must be below 500, and an error
 * answer must be {@code application/problem+json} with its own status.
 * <p>
 * What is sent follows from the seed alone: lane {@code k} of {@code n} sends requests
 * {@code k, k+n, …}, request {@code i} is for operation {@code i mod operations}, and
 * each lane draws its choices from a {@link Random} of its own seeded from the run's
 * seed.
 */
final class ApiFuzzer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

	private static final String CHINESE = "社区志愿服务助老敬老文明实践新时代环保理论宣讲政策科普健康";

	private static final List<String> CATEGORIES = List.of("THEORY", "POLICY", "ETHICS", "CULTURE", "LAW", "SCIENCE",
			"HEALTH", "ELDERLY", "HOUSEKEEPING", "ENVIRONMENT");

	static final List<Object> HUGE_NUMBERS = List.of(new Raw("1e999"), new Raw("-1e999"), new Raw("1e308"),
			new Raw("9223372036854775808"), new Raw("-9223372036854775809"), new Raw("2147483648"),
			new Raw("123456789012345678901234567890"), new Raw("99999999999999999999.5"), new Raw("1E+400"));

	static final List<Object> TINY_NUMBERS = List.of(new Raw("1e-2000"), new Raw("4.9e-325"), new Raw("-0"),
			new Raw("-0.0"), new Raw("0.0000000000000000000000001"), new Raw("1E-7"), new Raw("-1e-2000"));

	static final List<Object> FRACTIONS = List.of(new Raw("1.5"), new Raw("0.5"), new Raw("2.000001"),
			new Raw("3.14159"), new Raw("0.001"), new Raw("4.75"));

	static final List<Object> NOT_JSON_NUMBERS = List.of(new Raw("NaN"), new Raw("Infinity"), new Raw("-Infinity"),
			new Raw("0x10"), new Raw("01"), new Raw("+1"), new Raw(".5"), new Raw("1."), new Raw("1e"));

	static final List<String> CONTROL_CHARACTERS = List.of("\u0000", "\u0001", "\u0007", "\b", "\u001b", "\u007f",
			"\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\u200f", "\ufeff", "\ud800", "\udfff", "\r\n", "\t",
			"\u0000\u0000\u0000");

	static final List<String> ODD_PHONES = List.of("1380000000", "139123456789", "+8613912345678", "1391234567\uff18",
			"\uff11\uff13\uff19\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "139 1234 5678", "139-1234-5678",
			"23912345678", "1391234567a", " 13912345678", "13912345678 ", "13912345678\u0000", "\u202e13912345678",
			"\u0661\u0663\u0669\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "0", "", "1".repeat(10_000),
			"13912345678\n", "1391234567\u200b8");

	static final List<String> GARBAGE_IDS = List.of("not-a-uuid", "", "0", "-1", "00000000-0000-0000-0000-000000000000",
			"ffffffff-ffff-ffff-ffff-ffffffffffff", "' OR '1'='1", "../../etc/passwd", "{{7*7}}", "${jndi:ldap://x/a}",
			"550e8400-e29b-41d4-a716-44665544000Z", "550e8400e29b41d4a716446655440000", "null", "1e999",
			"550e8400-e29b-41d4-a716-446655440000-00", "\u0000", "\u202e", "订单", "a".repeat(3_000));

	static final List<String> GARBAGE_QUERY = List.of("-1", "0", "1e999", "1e-2000", "abc", "2147483648", "99999999999",
			"1.5", "", " ", "\u0000", "true", "BOGUS", "not-a-uuid", "a".repeat(3_000), "%", "null", "-2147483649",
			"\u202e");

	static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz",
			"application/json; charset=UTF-16", "application/json; charset=ISO-8859-1", "application/*", "*/*",
			"garbage", "application/json; charset=nonsense", "");

	private final String gatewayUrl;

	private final JsonNode description;

	private final List<Operation> operations;

	private final FuzzWorld world;

	private static final Duration FIRST_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The body as text; of an event stream ({@code GET /api/events/stream}), which stays
	 * open while the client listens, the first frame (sent at once), and then the client
	 * hangs up.
	 */
	private static final HttpResponse.BodyHandler<String> BODY = (
			info) -> info.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")
					? new FirstFrame() : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);

	/**
	 * Reads up to the end of an event stream's first frame, then cancels. Closing the
	 * stream as soon as the headers are in (an {@code InputStream} body closed at once)
	 * races the JDK's chunk decoder, which then fails the whole exchange.
	 */
	private static final class FirstFrame implements HttpResponse.BodySubscriber<String> {

		private final CompletableFuture<String> body = new CompletableFuture<>();

		private final ByteArrayOutputStream read = new ByteArrayOutputStream();

		private Flow.Subscription subscription;

		@Override
		public CompletionStage<String> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			for (ByteBuffer item : items) {
				byte[] bytes = new byte[item.remaining()];
				item.get(bytes);
				this.read.writeBytes(bytes);
			}
			String text = this.read.toString(StandardCharsets.UTF_8);
			if (text.contains("\n\n") || this.read.size() > 65_536) {
				this.body.complete(text);
				this.subscription.cancel();
			}
			else {
				this.subscription.request(1);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.body.completeExceptionally(error);
		}

		@Override
		public void onComplete() {
			this.body.complete(this.read.toString(StandardCharsets.UTF_8));
		}

	}

	private final HttpClient http = newClient();

	private final LongAdder retried = new LongAdder();

	private final ConcurrentLinkedQueue<String> retriedRequests = new ConcurrentLinkedQueue<>();

	/** One operation of the description, with its parameters and request body schema. */
	record Operation(String method, String path, String service, String id, List<Parameter> parameters,
			JsonNode bodySchema) {

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	record Parameter(String name, String in, JsonNode schema, boolean required) {
	}

	/** One request as sent: what it was for, what was wrong with it, and who sent it. */
	record Request(Operation operation, String kind, Role role, String uri, String method, Map<String, String> headers,
			byte[] body, String requestId) {
	}

	/**
	 * An answer that breaks the rules: a 5xx, an error that is not a problem, or no
	 * answer at all.
	 */
	record Finding(Request request, int status, String contentType, String body) {

		String key() {
			return this.request.operation() + " | " + this.request.kind().replaceAll("=.*", "") + " | " + this.status;
		}

	}

	/** What a run did: how many requests, their statuses, and the findings. */
	record Report(long seed, int requests, Map<Integer, Long> statuses, List<Finding> findings, Duration took,
			long retried, List<String> retriedRequests) {

		long serverErrors() {
			return this.statuses.entrySet()
				.stream()
				.filter((e) -> e.getKey() >= 500)
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

		/** The first finding of each (operation, kind of input, status). */
		Map<String, Finding> distinct() {
			Map<String, Finding> distinct = new TreeMap<>();
			this.findings.forEach((finding) -> distinct.putIfAbsent(finding.key(), finding));
			return distinct;
		}

	}

	ApiFuzzer(String gatewayUrl, JsonNode description, FuzzWorld world) {
		this.gatewayUrl = gatewayUrl;
		this.description = description;
		this.operations = operations(description);
		this.world = world;
	}

	List<Operation> operations() {
		return this.operations;
	}

	private static HttpClient newClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * Settings every district of the shared test platform lives by: a fuzzed point rule
	 * or catalogue entry that happens to be valid would change the awards and menus the
	 * other test classes assert. Their input checks are tested where they are served
	 * (points-service's rule tests, order-service's catalogue tests).
	 */
	static final Set<String> PLATFORM_WIDE = Set.of("PUT /api/points/rules", "PUT /api/catalog/{code}");

	static List<Operation> operations(JsonNode description) {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : description.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				if (!METHODS.contains(entry.getKey())
						|| PLATFORM_WIDE.contains(entry.getKey().toUpperCase() + " " + path.getKey())) {
					continue;
				}
				JsonNode operation = entry.getValue();
				List<Parameter> parameters = new ArrayList<>();
				for (JsonNode parameter : operation.path("parameters")) {
					parameters.add(new Parameter(parameter.path("name").asString(), parameter.path("in").asString(),
							parameter.path("schema"), parameter.path("required").asBoolean(false)));
				}
				JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
				operations.add(new Operation(entry.getKey().toUpperCase(), path.getKey(),
						operation.path("x-service").asString(""), operation.path("operationId").asString(""),
						List.copyOf(parameters), body.isMissingNode() ? null : body));
			}
		}
		operations.sort((a, b) -> (a.path() + " " + a.method()).compareTo(b.path() + " " + b.method()));
		return List.copyOf(operations);
	}

	Report run(long seed, int requests, int lanes) throws Exception {
		Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
		AtomicInteger sent = new AtomicInteger();
		long begin = System.nanoTime();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>();
			for (int lane = 0; lane < lanes; lane++) {
				int first = lane;
				Random random = new Random(seed * 1_000_003L + lane);
				running.add(executor.submit(() -> {
					for (int i = first; i < requests; i += lanes) {
						Request request = generate(random, this.operations.get(i % this.operations.size()),
								"fuzz-" + seed + "-" + i);
						Finding finding = send(request, statuses);
						sent.incrementAndGet();
						if (finding != null) {
							findings.add(finding);
						}
					}
					return null;
				}));
			}
			for (Future<?> lane : running) {
				lane.get();
			}
		}
		Map<Integer, Long> counts = new TreeMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.sum()));
		return new Report(seed, sent.get(), counts, List.copyOf(findings), Duration.ofNanos(System.nanoTime() - begin),
				this.retried.sum(), List.copyOf(this.retriedRequests));
	}

	private Finding send(Request request, Map<Integer, LongAdder> statuses) {
		HttpRequest.Builder builder;
		try {
			builder = HttpRequest.newBuilder(URI.create(request.uri()));
			request.headers().forEach(builder::header);
		}
		catch (IllegalArgumentException ex) {
			// a header or URI the HTTP client itself will not send: nothing reached the
			// server
			statuses.computeIfAbsent(-1, (s) -> new LongAdder()).increment();
			return null;
		}
		builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(request.body()));
		HttpResponse<String> response;
		try {
			try {
				response = this.http.send(builder.timeout(FIRST_TIMEOUT).build(), BODY);
			}
			catch (HttpTimeoutException ex) {
				// Now and then the JDK's client leaves a request unsent on a pooled
				// connection until it
				// gives up (the gateway's log shows it arriving only then, and answered
				// at once): send it
				// again on a connection of its own, with time to spare; a second silence
				// is a finding.
				this.retried.increment();
				this.retriedRequests.add(request.requestId() + " " + request.operation() + " " + request.kind());
				try (HttpClient fresh = newClient()) {
					response = fresh.send(builder.timeout(TIMEOUT).build(), BODY);
				}
			}
		}
		catch (IOException ex) {
			statuses.computeIfAbsent(0, (s) -> new LongAdder()).increment();
			return new Finding(request, 0, "", "no answer: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		int status = response.statusCode();
		statuses.computeIfAbsent(status, (s) -> new LongAdder()).increment();
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		String body = response.body();
		if (status >= 500) {
			return new Finding(request, status, contentType, body);
		}
		if (status >= 400 && !isProblem(status, contentType, body)) {
			return new Finding(request, status, contentType, body);
		}
		return null;
	}

	private static boolean isProblem(int status, String contentType, String body) {
		if (!contentType.startsWith("application/problem+json")) {
			return false;
		}
		try {
			return JSON.readTree(body).path("status").asInt(-1) == status;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	// ---------------------------------------------------------------- what to send

	Request generate(Random random, Operation operation, String requestId) {
		// often the one the contract lets in, so that bad input gets past the role checks
		// to the code behind them
		Role role = random.nextInt(10) < 4 ? allowed(random, operation) : role(random);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Request-Id", requestId);
		headers.put("Accept", random.nextInt(10) == 0 ? "*/*" : "application/json, application/problem+json");
		String token = this.world.token(role);
		if (token != null) {
			headers.put("Authorization", "Bearer " + token);
		}
		Map<String, String> pathValues = new LinkedHashMap<>();
		Map<String, String> query = new LinkedHashMap<>();
		for (Parameter parameter : operation.parameters()) {
			switch (parameter.in()) {
				case "path" -> pathValues.put(parameter.name(), validPathValue(operation, parameter, random));
				case "query" -> {
					if (parameter.required() || random.nextInt(3) > 0) {
						query.put(parameter.name(), validQueryValue(parameter, random));
					}
				}
				case "header" -> {
					if (parameter.name().equalsIgnoreCase("Idempotency-Key") && random.nextBoolean()) {
						headers.put(parameter.name(), UUID.randomUUID().toString());
					}
				}
				default -> {
				}
			}
		}
		Object body = operation.bodySchema() == null ? null : valid(operation.bodySchema(), "", operation, random, 0);
		byte[] rawBody = null;
		String contentType = body == null ? null : "application/json";
		String kind;

		int dice = random.nextInt(100);
		boolean hasPath = !pathValues.isEmpty();
		boolean hasQuery = operation.parameters().stream().anyMatch((p) -> p.in().equals("query"));
		if (dice < 20) {
			kind = "valid";
		}
		else if (dice < 30 && hasPath) {
			String name = pick(random, List.copyOf(pathValues.keySet()));
			String value = pathMutation(random);
			pathValues.put(name, value);
			kind = "path." + name + "=" + describe(value);
		}
		else if (dice < 38 && hasQuery) {
			kind = queryMutation(random, operation, query);
		}
		else if (dice < 44) {
			kind = tokenMutation(random, headers);
		}
		else if (dice < 50 && operation.parameters().stream().anyMatch((p) -> p.in().equals("header"))) {
			kind = headerMutation(random, headers);
		}
		else if (dice < 62) {
			// the whole body: not JSON, the wrong content type, or a body where none is
			// expected
			Object[] whole = wholeBodyMutation(random, body);
			rawBody = (byte[]) whole[0];
			contentType = (String) whole[1];
			kind = (String) whole[2];
		}
		else if (body != null) {
			Mutated mutated = bodyMutation(random, body, operation);
			body = mutated.body();
			kind = mutated.kind();
		}
		else {
			Object[] whole = wholeBodyMutation(random, null);
			rawBody = (byte[]) whole[0];
			contentType = (String) whole[1];
			kind = (String) whole[2];
		}
		if (rawBody == null && body != null) {
			rawBody = JsonText.write(body).getBytes(StandardCharsets.UTF_8);
		}
		if (contentType != null && !contentType.isEmpty()) {
			headers.put("Content-Type", contentType);
		}
		return new Request(operation, kind, role, uri(operation, pathValues, query), operation.method(), headers,
				rawBody, requestId);
	}

	/**
	 * Who the contract lets do this (shared API.md, "who"); the admin where anyone or
	 * only the admin may.
	 */
	private static Role allowed(Random random, Operation operation) {
		String path = operation.path();
		if (operation.method().equals("GET")) {
			return pick(random, List.of(Role.ADMIN, Role.STAFF, Role.VOLUNTEER, Role.RESIDENT));
		}
		if (path.startsWith("/api/orders/{id}/")) {
			return switch (path.substring("/api/orders/{id}/".length())) {
				case "accept", "reject", "complete" -> Role.LEADER;
				case "start" -> Role.VOLUNTEER;
				case "evaluations" -> pick(random, List.of(Role.RESIDENT, Role.STAFF));
				case "cancel" -> Role.RESIDENT;
				case "dispatch" -> Role.STAFF;
				default -> Role.ADMIN;
			};
		}
		return switch (path) {
			case "/api/orders", "/api/volunteers" -> Role.RESIDENT;
			case "/api/store/redemptions", "/api/store/redemptions/{id}/cancel" -> Role.VOLUNTEER;
			case "/api/store/redemptions/{id}/fulfil", "/api/store/items" -> Role.STAFF;
			case "/api/teams/{id}/members" -> Role.LEADER;
			default -> Role.ADMIN;
		};
	}

	private Role role(Random random) {
		int dice = random.nextInt(100);
		if (dice < 15) {
			return Role.ANONYMOUS;
		}
		if (dice < 30) {
			return Role.RESIDENT;
		}
		if (dice < 43) {
			return Role.VOLUNTEER;
		}
		if (dice < 55) {
			return Role.LEADER;
		}
		if (dice < 75) {
			return Role.STAFF;
		}
		return Role.ADMIN;
	}

	private String uri(Operation operation, Map<String, String> pathValues, Map<String, String> query) {
		String path = operation.path();
		for (Map.Entry<String, String> value : pathValues.entrySet()) {
			path = path.replace("{" + value.getKey() + "}", encode(value.getValue()));
		}
		StringBuilder uri = new StringBuilder(this.gatewayUrl).append(path);
		char separator = '?';
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			uri.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
			separator = '&';
		}
		return uri.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	// ---------------------------------------------------------------- valid values

	private String validPathValue(Operation operation, Parameter parameter, Random random) {
		if (parameter.name().equals("code")) {
			return pick(random, CATEGORIES);
		}
		String[] segments = operation.path().split("/");
		String resource = "";
		for (int i = 1; i < segments.length; i++) {
			if (segments[i].equals("{" + parameter.name() + "}")) {
				resource = segments[i - 1];
			}
		}
		return switch (resource) {
			case "orders" -> pick(random, this.world.orderIds());
			case "teams" -> this.world.teamId;
			case "items" -> this.world.itemId;
			case "redemptions" -> this.world.redemptionId;
			case "org-units" -> pick(random, List.of(this.world.stationId, this.world.centreId));
			case "transactions" -> this.world.entryId;
			case "volunteers", "accounts", "members" ->
				pick(random, List.of(this.world.userId(Role.VOLUNTEER), this.world.userId(Role.LEADER)));
			default -> UUID.randomUUID().toString();
		};
	}

	private String validQueryValue(Parameter parameter, Random random) {
		JsonNode schema = resolve(parameter.schema());
		if (schema.has("enum")) {
			return pick(random, enumValues(schema));
		}
		return switch (parameter.name()) {
			case "page" -> String.valueOf(random.nextInt(3));
			case "size", "limit" -> String.valueOf(1 + random.nextInt(50));
			case "period" -> pick(random, List.of("month", "year", "all"));
			case "category" -> pick(random, CATEGORIES);
			case "teamId" -> this.world.teamId;
			case "stationId" -> this.world.stationId;
			case "orgUnitId" -> pick(random, List.of(this.world.stationId, this.world.centreId));
			default -> switch (type(schema)) {
				case "boolean" -> String.valueOf(random.nextBoolean());
				case "integer" -> String.valueOf(random.nextInt(5));
				default -> "uuid".equals(schema.path("format").asString("")) ? UUID.randomUUID().toString() : "文明";
			};
		};
	}

	/**
	 * A value the schema and the world accept, made up from the field's name where the
	 * schema says too little.
	 */
	Object valid(JsonNode given, String name, Operation operation, Random random, int depth) {
		JsonNode schema = resolve(given);
		if (schema.has("enum")) {
			return pick(random, enumValues(schema));
		}
		String type = type(schema);
		if (type.equals("object") || schema.has("properties")) {
			Map<String, Object> object = new LinkedHashMap<>();
			Set<String> required = new java.util.HashSet<>();
			schema.path("required").forEach((r) -> required.add(r.asString()));
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				String field = property.getKey();
				if (required.contains(field) || random.nextInt(10) < 7) {
					Object value = valid(property.getValue(), field, operation, random, depth + 1);
					if (value != null || required.contains(field)) {
						object.put(field, value);
					}
				}
			}
			if (!schema.has("properties") && schema.path("additionalProperties").isObject()) {
				object.put(pick(random, CATEGORIES),
						valid(schema.get("additionalProperties"), "multiplier", operation, random, depth + 1));
			}
			return object;
		}
		if (type.equals("array")) {
			int count = Math.max(schema.path("minItems").asInt(0), 1 + random.nextInt(2));
			String element = singular(name);
			if (element.equals("volunteerId")) {
				return new ArrayList<>(List.of(this.world.userId(Role.LEADER), this.world.userId(Role.VOLUNTEER)));
			}
			List<Object> list = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				list.add(valid(schema.path("items"), element, operation, random, depth + 1));
			}
			return list;
		}
		if (type.equals("integer")) {
			if (name.equals("rating")) {
				return 1 + random.nextInt(5);
			}
			long minimum = schema.has("minimum") ? schema.get("minimum").asLong() : 0;
			long maximum = schema.has("maximum") ? schema.get("maximum").asLong() : 10;
			long low = Math.max(minimum, 1);
			long high = Math.min(maximum, low + 19);
			return high < low ? minimum : low + random.nextInt((int) (high - low + 1));
		}
		if (type.equals("number")) {
			if (name.equals("hours")) {
				return pick(random, List.of(0.5, 1, 1.5, 2, 2.5, 3));
			}
			return pick(random, List.of(1, 1.2, 1.5, 2));
		}
		if (type.equals("boolean")) {
			return random.nextBoolean();
		}
		if (type.equals("string")) {
			return validString(schema, name, operation, random);
		}
		return "任意";
	}

	private String validString(JsonNode schema, String name, Operation operation, Random random) {
		String format = schema.path("format").asString("");
		if (format.equals("uuid")) {
			return idFor(name, operation, random);
		}
		if (format.equals("date-time")) {
			return OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1 + random.nextInt(5)).withNano(0).toString();
		}
		String lower = name.toLowerCase();
		if (lower.contains("phone")) {
			return randomPhone(random);
		}
		if (lower.equals("password")) {
			return "Fuzz@" + (100000 + random.nextInt(900000));
		}
		if (lower.equals("category")) {
			return pick(random, CATEGORIES);
		}
		if (lower.equals("pickupcode")) {
			return random.nextBoolean() ? this.world.pickupCode : String.valueOf(100000 + random.nextInt(900000));
		}
		if (lower.equals("by")) {
			return pick(random, List.of("RESIDENT", "STAFF"));
		}
		int minimum = schema.path("minLength").asInt(0);
		int maximum = schema.path("maxLength").asInt(30);
		int length = Math.max(Math.max(minimum, 2), Math.min(maximum, 2 + random.nextInt(12)));
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(CHINESE.charAt(random.nextInt(CHINESE.length())));
		}
		return text.toString();
	}

	private String idFor(String name, Operation operation, Random random) {
		FuzzWorld w = this.world;
		return switch (name) {
			case "stationId" -> w.stationId;
			case "orgUnitId" -> operation.path().startsWith("/api/staff")
					? pick(random, List.of(w.centreId, w.stationId)) : w.stationId;
			case "parentId" -> operation.path().startsWith("/api/org-units") ? w.instituteId : w.teamId;
			case "teamId" -> w.teamId;
			case "leaderId" -> w.userId(Role.LEADER);
			case "volunteerId" -> pick(random, List.of(w.userId(Role.LEADER), w.userId(Role.VOLUNTEER)));
			case "userId" ->
				operation.path().startsWith("/api/staff") ? w.userId(Role.RESIDENT) : w.userId(Role.VOLUNTEER);
			case "itemId" -> w.itemId;
			case "orderId" -> pick(random, w.orderIds());
			default -> UUID.randomUUID().toString();
		};
	}

	/**
	 * A mainland mobile number, never one of the world's people (their logins must not be
	 * throttled).
	 */
	private String randomPhone(Random random) {
		String phone;
		do {
			phone = "15" + String.format("%09d", random.nextInt(1_000_000_000));
		}
		while (this.world.ownsPhone(phone));
		return phone;
	}

	// ---------------------------------------------------------------- what goes wrong

	private String pathMutation(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> UUID.randomUUID().toString();
			// an id of something else: a team's id where an order's is expected
			case 1 -> pick(random, List.of(this.world.teamId, this.world.orderId, this.world.itemId,
					this.world.stationId, this.world.redemptionId, this.world.userId(Role.ADMIN)));
			default -> pick(random, GARBAGE_IDS);
		};
	}

	private String queryMutation(Random random, Operation operation, Map<String, String> query) {
		List<Parameter> parameters = operation.parameters().stream().filter((p) -> p.in().equals("query")).toList();
		Parameter parameter = pick(random, parameters);
		int dice = random.nextInt(10);
		if (dice == 0) {
			query.put("zzz-unknown", pick(random, GARBAGE_QUERY));
			return "query.unknown";
		}
		String value = dice == 1 ? UUID.randomUUID().toString() : pick(random, GARBAGE_QUERY);
		query.put(parameter.name(), value);
		return "query." + parameter.name() + "=" + describe(value);
	}

	private String tokenMutation(Random random, Map<String, String> headers) {
		String valid = this.world.token(Role.ADMIN);
		String value = switch (random.nextInt(8)) {
			case 0 -> "Bearer not.a.token";
			case 1 -> "Bearer " + valid.substring(0, valid.length() - 3) + "abc";
			case 2 -> "Basic YWRtaW46YWRtaW4=";
			case 3 -> "Bearer";
			case 4 -> "bearer " + valid;
			case 5 -> "Bearer " + "a".repeat(6_000);
			case 6 -> "Bearer " + valid.split("\\.")[0] + "." + valid.split("\\.")[1] + ".";
			default -> "Bearer  " + valid;
		};
		headers.put("Authorization", value);
		return "token=" + describe(value);
	}

	private static String headerMutation(Random random, Map<String, String> headers) {
		String value = switch (random.nextInt(6)) {
			case 0 -> "k".repeat(101);
			case 1 -> "k".repeat(100);
			case 2 -> "";
			case 3 -> " ";
			case 4 -> "k".repeat(4_000);
			// one key for every request of the run: the same key with another body is a
			// conflict
			default -> "fuzz-shared-key";
		};
		headers.put("Idempotency-Key", value);
		return "header.Idempotency-Key=" + describe(value);
	}

	/**
	 * [body bytes, content type, kind]: the body as a whole is wrong, or sent as
	 * something else.
	 */
	private Object[] wholeBodyMutation(Random random, Object valid) {
		String json = valid == null ? "{}" : JsonText.write(valid);
		int dice = random.nextInt(22);
		return switch (dice) {
			case 0 -> whole("", "application/json", "body.empty");
			case 1 -> whole("null", "application/json", "body.null");
			case 2 -> whole("[]", "application/json", "body.array");
			case 3 -> whole("\"文本\"", "application/json", "body.string");
			case 4 -> whole("42", "application/json", "body.number");
			case 5 -> whole("{", "application/json", "body.truncated");
			case 6 -> whole(json + "garbage", "application/json", "body.trailing");
			case 7 -> new Object[] { new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' },
					"application/json", "body.invalid-utf8" };
			case 8 -> new Object[] { json.getBytes(StandardCharsets.UTF_16), "application/json", "body.utf16" };
			case 9 -> whole("\ufeff" + json, "application/json", "body.bom");
			case 10 -> whole("<order><title>x</title></order>", "application/json", "body.xml");
			case 11 -> whole(json.replace('"', '\''), "application/json", "body.single-quotes");
			case 12 -> whole("/* c */" + json, "application/json", "body.comment");
			case 13 -> whole("[".repeat(100_000), "application/json", "body.deep-open");
			case 14 ->
				whole("{\"a\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}", "application/json", "body.deep-nesting");
			case 15 -> whole("{\"x\":\"" + "测".repeat(100_000) + "\"}", "application/json", "body.over-limit");
			case 16 -> whole(" ".repeat(50_000) + json, "application/json", "body.whitespace");
			case 17 -> whole(json.replace("}", ",}"), "application/json", "body.trailing-comma");
			default -> {
				String contentType = pick(random, CONTENT_TYPES);
				yield whole(json, contentType, "content-type=" + describe(contentType));
			}
		};
	}

	private static Object[] whole(String body, String contentType, String kind) {
		return new Object[] { body.getBytes(StandardCharsets.UTF_8), contentType, kind };
	}

	record Mutated(Object body, String kind) {
	}

	/**
	 * One place in the body (a field, an array element, or the body itself) gets one
	 * thing wrong.
	 */
	@SuppressWarnings("unchecked")
	Mutated bodyMutation(Random random, Object body, Operation operation) {
		List<Place> places = new ArrayList<>();
		places(body, "", null, null, places);
		if (random.nextInt(12) == 0 && body instanceof Map<?, ?> map && !map.isEmpty()) {
			// a key twice: the second must not silently win over a checked first
			String key = pick(random, List.copyOf(((Map<String, Object>) map).keySet()));
			String json = JsonText.write(body);
			Object other = pick(random, List.of(new Raw("\"" + "x".repeat(10) + "\""), new Raw("1e999"),
					new Raw("null"), new Raw("{}"), new Raw("\"\\u0000\"")));
			String text = json.substring(0, json.length() - 1) + ",\"" + key + "\":" + JsonText.write(other) + "}";
			return new Mutated(new Raw(text), "body.duplicate-key(" + key + ")");
		}
		Place place = pick(random, places);
		Object current = place.value();
		String field = place.field();
		List<String> choices = new ArrayList<>(List.of("null", "wrong-type", "nul", "control", "long-string",
				"huge-number", "tiny-number", "deep-nesting", "not-json-number"));
		if (place.container() instanceof Map) {
			choices.addAll(List.of("missing", "missing", "extra-field"));
		}
		if (current instanceof String text) {
			choices.addAll(List.of("nul", "nul", "control", "control", "long-string", "empty", "blank"));
			if (looksLikeId(field, text)) {
				choices.addAll(List.of("unknown-id", "unknown-id", "garbage-id", "garbage-id"));
			}
			if (field.toLowerCase().contains("phone")) {
				choices.addAll(List.of("odd-phone", "odd-phone", "odd-phone"));
			}
		}
		if (current instanceof Number) {
			choices.addAll(List.of("huge-number", "huge-number", "tiny-number", "tiny-number", "fraction", "fraction",
					"fraction", "negative", "number-as-string"));
		}
		if (current instanceof List<?>) {
			choices.addAll(List.of("huge-array", "empty-array", "huge-array"));
		}
		if (current instanceof Map<?, ?>) {
			choices.addAll(List.of("extra-field", "deep-nesting"));
		}
		String choice = pick(random, choices);
		Object replacement = switch (choice) {
			case "null" -> null;
			case "wrong-type" -> wrongType(random, current);
			case "nul" -> insert(random, current, "\u0000");
			case "control" -> insert(random, current, pick(random, CONTROL_CHARACTERS));
			case "long-string" -> longString(random);
			case "huge-number" -> pick(random, HUGE_NUMBERS);
			case "tiny-number" -> pick(random, TINY_NUMBERS);
			case "fraction" -> pick(random, FRACTIONS);
			case "not-json-number" -> pick(random, NOT_JSON_NUMBERS);
			case "negative" -> pick(random, List.of(-1, 0, Integer.MIN_VALUE, Long.MIN_VALUE));
			case "number-as-string" -> String.valueOf(current);
			case "deep-nesting" -> new Raw("[".repeat(2_000) + "]".repeat(2_000));
			case "empty" -> "";
			case "blank" -> " \u3000 ";
			case "unknown-id" -> UUID.randomUUID().toString();
			case "garbage-id" -> pick(random, GARBAGE_IDS);
			case "odd-phone" -> pick(random, ODD_PHONES);
			case "huge-array" ->
				Collections.nCopies(5_000, ((List<?>) current).isEmpty() ? "x" : ((List<?>) current).get(0));
			case "empty-array" -> List.of();
			case "extra-field" -> null;
			default -> null;
		};
		String kind = "body." + choice + "(" + (field.isEmpty() ? "body" : field) + ")";
		if (choice.equals("missing")) {
			((Map<String, Object>) place.container()).remove(place.key());
			return new Mutated(body, kind);
		}
		if (choice.equals("extra-field")) {
			Map<String, Object> target = current instanceof Map<?, ?> inner ? (Map<String, Object>) inner
					: (Map<String, Object>) place.container();
			target.put(pick(random, List.of("unexpected", "id", "status", "residentId", "__proto__", "balance")),
					pick(random, List.of("x", 1, new Raw("1e999"), List.of(), Map.of("a", 1), "\u0000")));
			return new Mutated(body, kind);
		}
		if (place.container() == null) {
			return new Mutated(replacement, kind + "=" + describe(replacement));
		}
		if (place.container() instanceof Map<?, ?>) {
			((Map<String, Object>) place.container()).put(place.key(), replacement);
		}
		else {
			((List<Object>) place.container()).set(Integer.parseInt(place.key()), replacement);
		}
		return new Mutated(body, kind + "=" + describe(replacement));
	}

	/**
	 * A value in the body: where it is, and its field's name (for an array element, the
	 * array's).
	 */
	record Place(Object container, String key, String field, Object value) {
	}

	private static void places(Object value, String field, Object container, String key, List<Place> places) {
		places.add(new Place(container, key, field, value));
		if (value instanceof Map<?, ?> map) {
			// copies: the mutation may change the map after its places were listed
			for (Map.Entry<?, ?> entry : new ArrayList<>(map.entrySet())) {
				places(entry.getValue(), String.valueOf(entry.getKey()), map, String.valueOf(entry.getKey()), places);
			}
		}
		else if (value instanceof List<?> list) {
			if (!(list instanceof ArrayList)) {
				return;
			}
			for (int i = 0; i < list.size(); i++) {
				places(list.get(i), field, list, String.valueOf(i), places);
			}
		}
	}

	private static boolean looksLikeId(String field, String value) {
		return field.endsWith("Id") || field.endsWith("Ids") || value.length() == 36 && value.charAt(8) == '-';
	}

	private static Object wrongType(Random random, Object current) {
		List<Object> others = new ArrayList<>(List.of("文本", 12345, true, new ArrayList<>(), new LinkedHashMap<>(),
				List.of(1, 2), Map.of("a", 1), 1.5));
		others.removeIf((other) -> current != null && other.getClass().equals(current.getClass()));
		return pick(random, others);
	}

	private static Object insert(Random random, Object current, String inserted) {
		String text = current instanceof String s ? s : "文明实践";
		int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
		return text.substring(0, at) + inserted + text.substring(at);
	}

	private static String longString(Random random) {
		StringBuilder text = new StringBuilder(10_000);
		for (int i = 0; i < 10_000; i++) {
			text.append(random.nextInt(4) == 0 ? 'a' : CHINESE.charAt(random.nextInt(CHINESE.length())));
		}
		return text.toString();
	}

	// ---------------------------------------------------------------- schemas

	private JsonNode resolve(JsonNode schema) {
		JsonNode current = schema;
		for (int i = 0; i < 10 && current.has("$ref"); i++) {
			String ref = current.get("$ref").asString();
			current = this.description.at(ref.substring(1));
		}
		if (current.has("allOf") && current.get("allOf").size() == 1) {
			return resolve(current.get("allOf").get(0));
		}
		return current;
	}

	private static String type(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			for (JsonNode t : type) {
				if (!t.asString().equals("null")) {
					return t.asString();
				}
			}
		}
		return type.asString("");
	}

	private static List<String> enumValues(JsonNode schema) {
		List<String> values = new ArrayList<>();
		schema.path("enum").forEach((v) -> values.add(v.asString()));
		return values;
	}

	private static String singular(String name) {
		if (name.endsWith("ies")) {
			return name.substring(0, name.length() - 3) + "y";
		}
		return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
	}

	static String describe(Object value) {
		String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
		StringBuilder shown = new StringBuilder();
		for (int i = 0; i < text.length() && i < 40; i++) {
			char c = text.charAt(i);
			shown
				.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || (c >= 0x2000 && c <= 0x206f)
						|| c == 0xfeff ? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		if (text.length() > 40) {
			shown.append("…(").append(text.length()).append(" chars)");
		}
		return shown.toString();
	}

	private static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

}
