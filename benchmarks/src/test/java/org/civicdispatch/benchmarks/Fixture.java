package org.civicdispatch.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the load needs, made once through the gateway and kept in
 * {@code benchmarks/target/benchmark-fixture.properties} for the simulations that follow: an org tree,
 * 400 stations under one institute and 100 residents (a resident may keep only 3 unfinished orders per
 * station, and the orders of the load stay open: 120,000 open orders in all, {@code -Dstations},
 * {@code -Dresidents}), 30 elderly-care teams of the institute ({@code -Dteams}), capacity 1000 each,
 * serving all its stations (so that 320 orders/s for 60 s can all be dispatched), {@link Overload}'s
 * own health-care teams (60 × 1000 by default, {@code -DoverloadTeams}:
 * every order a peak serves is dispatched, in the cold run and the warm one), and a volunteer with
 * points and a well-stocked store item.
 * <p>
 * The (resident, station) pairs are taken in turn across the whole run, not from the first pair in
 * each simulation: the next pair is kept beside the fixture file when a simulation's JVM ends, so a
 * pair takes its fourth open order only after every pair has three.
 */
final class Fixture {

	static final String GATEWAY = System.getProperty("gateway", "http://localhost:8080");

	static final String DIRECT = System.getProperty("direct", "http://localhost:8082");

	/** Where run.sh says (Gatling's working directory is not the benchmarks folder). */
	private static final Path FILE = Path.of(System.getProperty("fixture", "benchmarks/target/benchmark-fixture.properties"));

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final String PASSWORD = "Bench@2024!";

	/** The first resident and station, for the fixture's own checks. */
	final String residentToken;

	final String stationId;

	/**
	 * Residents and stations the load spreads over: a resident may have only 3 unfinished orders per
	 * station, so each (resident, station) pair places at most 3 of the orders that stay open.
	 */
	final List<String> residentTokens;

	final List<String> stationIds;

	private static final java.util.concurrent.atomic.AtomicLong PLACED = new java.util.concurrent.atomic.AtomicLong();

	/** Where the next pair's number is kept between simulations (each runs in a JVM of its own). */
	private static final Path PLACED_FILE = FILE.resolveSibling(FILE.getFileName() + ".placed");

	/** Categories of the teams the fixture makes: the load of the other categories is never dispatched. */
	static final String ELDERLY = "ELDERLY";

	/** {@link Overload}'s category, with teams of its own so that its peaks do not fill the elderly-care ones. */
	static final String OVERLOAD_CATEGORY = "HEALTH";

	final String volunteerToken;

	final String itemId;

	final String adminToken;

	/** The volunteer who leads the ten teams and serves the orders of {@link OrderLifecycle}. */
	final String leaderId;

	private Fixture(Properties p) {
		this.residentTokens = List.of(p.getProperty("residentTokens").split(","));
		this.stationIds = List.of(p.getProperty("stationIds").split(","));
		this.residentToken = this.residentTokens.get(0);
		this.stationId = this.stationIds.get(0);
		this.volunteerToken = p.getProperty("volunteerToken");
		this.itemId = p.getProperty("itemId");
		this.adminToken = p.getProperty("adminToken");
		this.leaderId = p.getProperty("leaderId");
	}

	private static Fixture loaded;

	static synchronized Fixture get() {
		if (loaded != null) {
			return loaded;
		}
		try {
			Properties p;
			if (Files.exists(FILE)) {
				p = new Properties();
				try (Reader in = Files.newBufferedReader(FILE)) {
					p.load(in);
				}
			}
			else {
				p = create();
				Files.createDirectories(FILE.getParent());
				try (Writer out = Files.newBufferedWriter(FILE)) {
					p.store(out, "made by Fixture through " + GATEWAY);
				}
			}
			if (Files.exists(PLACED_FILE)) {
				PLACED.set(Long.parseLong(Files.readString(PLACED_FILE).trim()));
			}
			Runtime.getRuntime().addShutdownHook(new Thread(Fixture::savePlaced, "fixture-placed"));
			loaded = new Fixture(p);
			return loaded;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Keeps the next pair's number for the next simulation (also run when the JVM ends). */
	static synchronized void savePlaced() {
		try {
			Files.createDirectories(PLACED_FILE.getParent());
			Files.writeString(PLACED_FILE, Long.toString(PLACED.get()));
		}
		catch (IOException ex) {
			System.err.println("could not keep the next (resident, station) pair in " + PLACED_FILE + ": " + ex);
		}
	}

	private static Properties create() {
		String run = String.valueOf(System.currentTimeMillis() % 100_000_000L);
		long started = System.nanoTime();
		String admin = login("13800000000", "Admin@12345");
		String centre = id(post("/api/org-units", admin,
				"{\"name\":\"压测中心" + run + "\",\"level\":\"CENTRE\",\"parentId\":null}", 201));
		String institute = id(post("/api/org-units", admin,
				"{\"name\":\"压测所\",\"level\":\"INSTITUTE\",\"parentId\":\"" + centre + "\"}", 201));
		List<String> stations = parallel(Integer.getInteger("stations", 400), i -> id(post("/api/org-units", admin,
				"{\"name\":\"压测站" + (i + 1) + "\",\"level\":\"STATION\",\"parentId\":\"" + institute + "\"}", 201)));
		String station = stations.get(0);
		long stationsMade = System.nanoTime();

		String phoneSuffix = String.format("%08d", Long.parseLong(run));
		String leaderId = register("135" + phoneSuffix, "压测队长");
		// registering and logging in are open paths, limited per client address (burst 200) at the gateway
		List<String> residents = parallel(Integer.getInteger("residents", 100), i -> {
			String phone = String.format("17%02d%s", i, phoneSuffix.substring(1));
			register(phone, "压测居民" + i);
			return login(phone, PASSWORD);
		});
		// places the fixture's own check orders, so that they take no load pair's place
		String checker = "166" + phoneSuffix;
		register(checker, "压测巡检");
		String checkerToken = login(checker, PASSWORD);
		long residentsMade = System.nanoTime();
		post("/api/volunteers", login("135" + phoneSuffix, PASSWORD),
				"{\"realName\":\"压测志愿者\",\"skills\":[\"助老\"],\"stationId\":\"" + station + "\"}", 201);
		String volunteer = login("135" + phoneSuffix, PASSWORD);

		List<String> teams = parallel(Integer.getInteger("teams", 30), i -> team(admin, "压测助老分队" + (i + 1), institute,
				ELDERLY, leaderId));
		List<String> overloadTeams = parallel(Integer.getInteger("overloadTeams", 60),
				i -> team(admin, "压测医疗分队" + (i + 1), institute, OVERLOAD_CATEGORY, leaderId));
		post("/api/points/adjustments", admin, "{\"userId\":\"" + leaderId
				+ "\",\"amount\":100000,\"reason\":\"压测积分\"}", 201);
		String item = retry(() -> id(post("/api/store/items", admin, "{\"name\":\"压测商品\",\"description\":\"压测\","
				+ "\"pointsCost\":1,\"stock\":100000,\"stationId\":\"" + station + "\"}", 201)));

		Properties p = new Properties();
		p.setProperty("adminToken", admin);
		p.setProperty("residentTokens", String.join(",", residents));
		p.setProperty("volunteerToken", volunteer);
		p.setProperty("stationIds", String.join(",", stations));
		p.setProperty("itemId", item);
		p.setProperty("teams", String.join(",", teams));
		p.setProperty("overloadTeams", String.join(",", overloadTeams));
		p.setProperty("leaderId", leaderId);
		// order-service learns about the new stations and teams from events: wait until an order of
		// each category dispatches at the first and the last station
		long teamsMade = System.nanoTime();
		waitUntilDispatching(checkerToken, station, ELDERLY);
		waitUntilDispatching(checkerToken, stations.get(stations.size() - 1), OVERLOAD_CATEGORY);
		System.out.printf(java.util.Locale.ROOT,
				"fixture made in %.1f s: %d stations %.1f s, %d residents %.1f s, %d + %d teams and the rest %.1f s, first dispatches %.1f s%n",
				(System.nanoTime() - started) / 1e9, stations.size(), (stationsMade - started) / 1e9, residents.size(),
				(residentsMade - stationsMade) / 1e9, teams.size(), overloadTeams.size(), (teamsMade - residentsMade) / 1e9,
				(System.nanoTime() - teamsMade) / 1e9);
		return p;
	}

	/** A team of the institute serving all its stations, capacity 1000 (the most the API takes). */
	private static String team(String admin, String name, String institute, String category, String leaderId) {
		// several at a time: should two meet on the leader's membership, the refused one is sent again
		return retry(() -> id(post("/api/teams", admin, "{\"name\":\"" + name + "\",\"level\":\"DETACHMENT\",\"orgUnitId\":\""
				+ institute + "\",\"categories\":[\"" + category + "\"],\"capacity\":1000,\"leaderId\":\"" + leaderId
				+ "\"}", 201)));
	}

	/** step(0) … step(n - 1), a few at a time, results in that order. */
	private static List<String> parallel(int n, java.util.function.IntFunction<String> step) {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
			.newFixedThreadPool(Integer.getInteger("fixtureConcurrency", 8));
		try {
			List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				int index = i;
				futures.add(pool.submit(() -> step.apply(index)));
			}
			List<String> results = new ArrayList<>();
			for (java.util.concurrent.Future<String> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void waitUntilDispatching(String resident, String station, String category) {
		retry(() -> {
			String order = id(post("/api/orders", resident, orderJson(station, category), 201));
			for (int i = 0; i < 20; i++) {
				if (get("/api/orders/" + order, resident).contains("\"status\":\"DISPATCHED\"")) {
					return order;
				}
				sleep(500);
			}
			throw new IllegalStateException("order " + order + " was not dispatched");
		});
	}

	/** Sets {@code residentToken} and {@code stationId} for the next order: the pairs in turn. */
	io.gatling.javaapi.core.Session nextPlacer(io.gatling.javaapi.core.Session session) {
		Placer placer = nextPair();
		return session.set("residentToken", placer.residentToken()).set("stationId", placer.stationId());
	}

	/** Orders the (resident, station) pairs can still take before one would hold a fourth open one. */
	long ordersLeft() {
		return 3L * this.residentTokens.size() * this.stationIds.size() - PLACED.get();
	}

	/** The next (resident, station) pair, in turn over the whole run. */
	Placer nextPair() {
		long n = PLACED.getAndIncrement();
		int residents = this.residentTokens.size();
		return new Placer(this.residentTokens.get((int) (n % residents)),
				this.stationIds.get((int) ((n / residents) % this.stationIds.size())));
	}

	record Placer(String residentToken, String stationId) {
	}

	static String orderJson(String station, String category) {
		return "{\"category\":\"" + category + "\",\"title\":\"压测：帮老人买菜\",\"description\":\"压测订单\",\"stationId\":\""
				+ station + "\",\"address\":\"平城区御河东路1号\",\"contactPhone\":\"13912345678\"}";
	}

	private static String register(String phone, String name) {
		return id(post("/api/auth/register", null,
				"{\"phone\":\"" + phone + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + name + "\"}", 201));
	}

	private static String login(String phone, String password) {
		String body = post("/api/auth/login", null, "{\"phone\":\"" + phone + "\",\"password\":\"" + password + "\"}",
				200);
		return field(body, "accessToken");
	}

	static String get(String path, String token) {
		return send(HttpRequest.newBuilder(URI.create(GATEWAY + path)).GET(), token, 200);
	}

	private static String post(String path, String token, String json, int expected) {
		return send(HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), token, expected);
	}

	private static String send(HttpRequest.Builder request, String token, int expected) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			for (int attempt = 0;; attempt++) {
				HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 429 && attempt < 30) {
					sleep(1000);
					continue;
				}
				if (response.statusCode() != expected) {
					throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": "
							+ response.body());
				}
				return response.body();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static <T> T retry(java.util.function.Supplier<T> step) {
		RuntimeException last = null;
		for (int i = 0; i < 60; i++) {
			try {
				return step.get();
			}
			catch (RuntimeException ex) {
				last = ex;
				sleep(1000);
			}
		}
		throw last;
	}

	static String id(String json) {
		return field(json, "id");
	}

	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		if (!m.find()) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		return m.group(1);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
