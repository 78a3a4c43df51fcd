package org.civicdispatch.benchmarks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * "Overload is graceful", the peak-load goal, as one run against the gateway: a quiet phase (the
 * baseline latency), a peak offered open-loop at {@code -DoverloadRate} orders/s (run.sh: twice the
 * saturation throughput) for {@code -DpeakSeconds}, and a quiet phase after it. Each answer is sorted
 * by what a resident would see: served (2xx), refused (503/429, which must come fast, as problem+json
 * and with {@code Retry-After}) or failed (a timeout, a broken connection, another status, a 503
 * without {@code Retry-After}). Meanwhile the gateway's circuit breakers (and its admission-control
 * meters, when it has them) are sampled every second from its Prometheus endpoint, and afterwards
 * every order answered 201 during the peak is read back until it has been dispatched.
 * <p>
 * Prints one line per criterion, each starting with {@code -Dlabel} ("overload", or "cold overload"
 * for the run on a fresh stack), marked {@code [ok]} or {@code [FAIL]}, and a verdict line. Gatling's
 * statistics cannot split latency by status, so this is a plain {@link HttpClient} driver, run by
 * run.sh with the exec plugin.
 */
public final class Overload {

	private static final String LABEL = System.getProperty("label", "overload");

	private static final int QUIET_RATE = Integer.getInteger("quietRate", 10);

	private static final int QUIET_SECONDS = Integer.getInteger("quietSeconds", 15);

	private static final double SATURATION = Double.parseDouble(System.getProperty("saturationRate", "0"));

	private static final int PEAK_RATE = Integer.getInteger("overloadRate",
			SATURATION > 0 ? (int) Math.round(2 * SATURATION) : Load.RATE);

	private static final int PEAK_SECONDS = Integer.getInteger("peakSeconds", 60);

	private static final int AFTER_SECONDS = Integer.getInteger("afterSeconds", 20);

	/** The part of the after phase that is compared with the quiet one: sent 10–20 s after the peak. */
	private static final int RECOVERY_FROM_SECOND = Integer.getInteger("recoveryFromSecond", 10);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(Integer.getInteger("clientTimeoutSeconds", 10));

	private static final int DISPATCH_WAIT_SECONDS = Integer.getInteger("dispatchWaitSeconds", 120);

	private static final int DISPATCH_READERS = Integer.getInteger("dispatchReaders", 8);

	/** What a graceful overload must show. */
	private static final double SERVED_SHARE = 0.90;

	private static final long SERVED_P99_MILLIS = 1000;

	private static final long REFUSED_P99_MILLIS = 50;

	private static final int EXAMPLES = 5;

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	private static final ObjectMapper JSON = new ObjectMapper();

	enum Phase {

		QUIET, PEAK, AFTER

	}

	/** One answer (or its absence): when it was sent, how long it took, and what came back. */
	record Result(Phase phase, long sentNanos, long latencyNanos, int status, boolean problemJson, boolean retryAfter,
			String orderId, String failure) {

		boolean served() {
			return this.status >= 200 && this.status < 300;
		}

		/** A refusal by admission control or a rate limit, as it should look. */
		boolean refused() {
			return (this.status == 503 || this.status == 429) && this.retryAfter;
		}

		boolean failed() {
			return !served() && !refused();
		}

		double millis() {
			return this.latencyNanos / 1_000_000.0;
		}

	}

	private final Fixture fixture;

	private final HttpClient http;

	private final ExecutorService callbacks = Executors.newFixedThreadPool(4, daemon("overload-http"));

	private final Queue<Result> results = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final List<Long> schedulerLagNanos = new ArrayList<>();

	private final BreakerSampler breakers;

	private final List<String> failedCriteria = new ArrayList<>();

	private int criteria;

	private Overload(Fixture fixture) {
		this.fixture = fixture;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(this.callbacks)
			.build();
		this.breakers = new BreakerSampler(this.http, fixture.adminToken);
	}

	public static void main(String[] args) throws Exception {
		long started = System.nanoTime();
		Fixture fixture = Fixture.get();
		System.out.printf(Locale.ROOT, "%s fixture ready after %.1f s%n", LABEL, (System.nanoTime() - started) / 1e9);
		Overload run = new Overload(fixture);
		try {
			run.run();
		}
		finally {
			Fixture.savePlaced();
			run.http.shutdownNow();
			run.callbacks.shutdownNow();
		}
	}

	private void run() throws InterruptedException {
		long planned = (long) QUIET_RATE * (QUIET_SECONDS + AFTER_SECONDS) + (long) PEAK_RATE * PEAK_SECONDS;
		if (planned > this.fixture.ordersLeft()) {
			line("fixture", String.format(Locale.ROOT,
					"WARNING the (resident, station) pairs take only %d more open orders (3 a pair) and this run offers %d: the rest fail with 409 (more stations: BENCH_STATIONS)",
					Math.max(0, this.fixture.ordersLeft()), planned));
		}
		this.breakers.start();
		long start = System.nanoTime() + 200_000_000L;
		long peakStart = start + TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
		long afterStart = peakStart + TimeUnit.SECONDS.toNanos(PEAK_SECONDS);
		send(Phase.QUIET, start, QUIET_RATE, QUIET_SECONDS);
		send(Phase.PEAK, peakStart, PEAK_RATE, PEAK_SECONDS);
		send(Phase.AFTER, afterStart, QUIET_RATE, AFTER_SECONDS);
		long waitUntil = System.nanoTime() + CLIENT_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
		while (this.inFlight.get() > 0 && System.nanoTime() < waitUntil) {
			Thread.sleep(100);
		}
		this.breakers.stop();
		report(peakStart, afterStart);
	}

	/** Open loop: request i of the phase is sent at {@code from + i / rate}, whatever the answers before it. */
	private void send(Phase phase, long from, int rate, int seconds) {
		long count = (long) rate * seconds;
		for (long i = 0; i < count; i++) {
			long due = from + i * 1_000_000_000L / rate;
			long now;
			while ((now = System.nanoTime()) < due) {
				LockSupport.parkNanos(due - now);
			}
			this.schedulerLagNanos.add(now - due);
			placeOrder(phase);
		}
	}

	private void placeOrder(Phase phase) {
		Fixture.Placer placer = this.fixture.nextPair();
		HttpRequest request = HttpRequest.newBuilder(URI.create(Fixture.GATEWAY + "/api/orders"))
			.timeout(CLIENT_TIMEOUT)
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + placer.residentToken())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofString(Fixture.orderJson(placer.stationId(), Fixture.OVERLOAD_CATEGORY)))
			.build();
		this.inFlight.incrementAndGet();
		long sent = System.nanoTime();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
			long latency = System.nanoTime() - sent;
			try {
				this.results.add(error != null ? failure(phase, sent, latency, error) : answer(phase, sent, latency, response));
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		});
	}

	private static Result answer(Phase phase, long sent, long latency, HttpResponse<String> response) {
		int status = response.statusCode();
		boolean problem = response.headers()
			.firstValue("Content-Type")
			.map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/problem+json"))
			.orElse(false);
		boolean retryAfter = response.headers().firstValue("Retry-After").filter(value -> !value.isBlank()).isPresent();
		String orderId = null;
		String failure = null;
		if (status >= 200 && status < 300) {
			Matcher m = ID.matcher(response.body());
			orderId = m.find() ? m.group(1) : null;
		}
		else {
			String body = response.body().replaceAll("\\s+", " ");
			failure = "status " + status + (retryAfter ? "" : " without Retry-After") + ": "
					+ (body.length() > 200 ? body.substring(0, 200) + "…" : body);
		}
		return new Result(phase, sent, latency, status, problem, retryAfter, orderId, failure);
	}

	private static Result failure(Phase phase, long sent, long latency, Throwable error) {
		Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
		String kind = cause instanceof HttpTimeoutException ? "timeout"
				: cause instanceof ConnectException ? "connection refused"
						: cause instanceof IOException ? "connection error" : "error";
		return new Result(phase, sent, latency, 0, false, false, null,
				kind + ": " + cause.getClass().getSimpleName() + " " + cause.getMessage());
	}

	// ---- the report

	private void report(long peakStart, long afterStart) {
		List<Result> all = new ArrayList<>(this.results);
		List<Result> quiet = all.stream().filter(r -> r.phase() == Phase.QUIET).toList();
		List<Result> peak = all.stream().filter(r -> r.phase() == Phase.PEAK).toList();
		long windowFrom = afterStart + TimeUnit.SECONDS.toNanos(RECOVERY_FROM_SECOND);
		List<Result> recovery = all.stream()
			.filter(r -> r.phase() == Phase.AFTER && r.sentNanos() >= windowFrom)
			.toList();

		long[] lag = this.schedulerLagNanos.stream().mapToLong(Long::longValue).sorted().toArray();
		line("load", String.format(Locale.ROOT,
				"quiet %d/s for %d s, peak %d/s for %d s%s, after %d/s for %d s; %d requests, client timeout %d s; driver lag p99 %.0f ms, max %.0f ms",
				QUIET_RATE, QUIET_SECONDS, PEAK_RATE, PEAK_SECONDS,
				SATURATION > 0 ? String.format(Locale.ROOT, " (%.1f × saturation %.1f/s)", PEAK_RATE / SATURATION, SATURATION) : "",
				QUIET_RATE, AFTER_SECONDS, all.size(), CLIENT_TIMEOUT.toSeconds(), percentile(lag, 99) / 1e6,
				lag.length == 0 ? 0 : lag[lag.length - 1] / 1e6));

		this.breakers.report(this);

		// served during the peak: share of the saturation throughput, latency
		double[] served = millis(peak, Result::served);
		double servedPerSecond = served.length / (double) PEAK_SECONDS;
		if (SATURATION > 0) {
			double share = servedPerSecond / SATURATION;
			criterion("served", share >= SERVED_SHARE, String.format(Locale.ROOT,
					"served %.1f/s with 2xx during the peak = %.1f %% of saturation %.1f/s (needs ≥ %.0f %%); %d of %d offered (%.1f/s)",
					servedPerSecond, 100 * share, SATURATION, 100 * SERVED_SHARE, served.length, peak.size(),
					peak.size() / (double) PEAK_SECONDS));
		}
		else {
			line("served", String.format(Locale.ROOT,
					"served %.1f/s with 2xx during the peak (no -DsaturationRate: share not judged); %d of %d offered (%.1f/s)",
					servedPerSecond, served.length, peak.size(), peak.size() / (double) PEAK_SECONDS));
		}
		criterion("served latency", served.length > 0 && percentile(served, 99) < SERVED_P99_MILLIS,
				String.format(Locale.ROOT, "served p50 %s, p99 %s, max %s (p99 needs < %d ms)", ms(percentile(served, 50)),
						ms(percentile(served, 99)), ms(max(served)), SERVED_P99_MILLIS));

		// refused during the peak: fast, 503/429, problem+json, Retry-After
		List<Result> refusals = peak.stream().filter(r -> r.status() == 503 || r.status() == 429).toList();
		double[] refused = millis(peak, Result::refused);
		long withoutProblem = refusals.stream().filter(r -> !r.problemJson()).count();
		long withoutRetryAfter = refusals.stream().filter(r -> !r.retryAfter()).count();
		Map<Integer, Long> byStatus = new TreeMap<>();
		peak.stream().filter(Result::refused).forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
		criterion("refused",
				(refused.length == 0 || percentile(refused, 99) <= REFUSED_P99_MILLIS) && withoutProblem == 0
						&& withoutRetryAfter == 0,
				String.format(Locale.ROOT,
						"%d refused during the peak (503: %d, 429: %d), p50 %s, p99 %s (needs ≤ %d ms); lacking problem+json: %d, lacking Retry-After: %d (both must be 0)",
						refused.length, byStatus.getOrDefault(503, 0L), byStatus.getOrDefault(429, 0L),
						ms(percentile(refused, 50)), ms(percentile(refused, 99)), REFUSED_P99_MILLIS, withoutProblem,
						withoutRetryAfter));

		// everything else, in any phase
		List<Result> failed = all.stream().filter(Result::failed).sorted((a, b) -> Long.compare(a.sentNanos(), b.sentNanos())).toList();
		Map<String, Long> kinds = new TreeMap<>();
		failed.forEach(r -> kinds.merge(r.status() == 0 ? r.failure().substring(0, r.failure().indexOf(':'))
				: "status " + r.status() + (r.status() == 503 || r.status() == 429 ? " without Retry-After" : ""), 1L,
				Long::sum));
		criterion("failed", failed.isEmpty(), String.format(Locale.ROOT, "%d failed (quiet %d, peak %d, after %d)%s",
				failed.size(), failed.stream().filter(r -> r.phase() == Phase.QUIET).count(),
				failed.stream().filter(r -> r.phase() == Phase.PEAK).count(),
				failed.stream().filter(r -> r.phase() == Phase.AFTER).count(), kinds.isEmpty() ? "" : ": " + kinds));
		failed.stream().limit(EXAMPLES).forEach(r -> System.out.printf(Locale.ROOT, "   e.g. %s +%.1f s, after %s: %s%n",
				r.phase().name().toLowerCase(Locale.ROOT), (r.sentNanos() - phaseStart(r.phase(), peakStart, afterStart)) / 1e9,
				ms(r.millis()), r.failure()));

		// back to the quiet latency 10–20 s after the peak
		double[] baseline = millis(quiet, Result::served);
		double[] back = millis(recovery, Result::served);
		boolean recovered = back.length > 0 && baseline.length > 0 && back.length == recovery.size()
				&& percentile(back, 99) <= Math.max(1.5 * percentile(baseline, 99), percentile(baseline, 99) + 20)
				&& percentile(back, 50) <= Math.max(1.5 * percentile(baseline, 50), percentile(baseline, 50) + 10);
		criterion("recovery", recovered, String.format(Locale.ROOT,
				"%d–%d s after the peak p50 %s, p99 %s (%d of %d served); quiet before it p50 %s, p99 %s (%d of %d served); back means p50 ≤ max(1.5 ×, +10 ms) and p99 ≤ max(1.5 ×, +20 ms) of quiet, all served",
				RECOVERY_FROM_SECOND, AFTER_SECONDS, ms(percentile(back, 50)), ms(percentile(back, 99)), back.length,
				recovery.size(), ms(percentile(baseline, 50)), ms(percentile(baseline, 99)), baseline.length, quiet.size()));

		// every order answered 201 during the peak reaches DISPATCHED
		List<String> ids = peak.stream().filter(r -> r.served() && r.orderId() != null).map(Result::orderId).toList();
		new DispatchCheck(this.http, this.fixture.adminToken, ids).run(this);

		this.breakers.reportAdmission();
		System.out.printf(Locale.ROOT, "%s verdict: %s%n", LABEL,
				this.failedCriteria.isEmpty() ? "[ok] all " + this.criteria + " criteria met"
						: "[FAIL] " + (this.criteria - this.failedCriteria.size()) + " of " + this.criteria
								+ " criteria met; not met: " + String.join(", ", this.failedCriteria));
	}

	private static long phaseStart(Phase phase, long peakStart, long afterStart) {
		return switch (phase) {
			case QUIET -> peakStart - TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
			case PEAK -> peakStart;
			case AFTER -> afterStart;
		};
	}

	void criterion(String name, boolean met, String text) {
		this.criteria++;
		if (!met) {
			this.failedCriteria.add(name);
		}
		System.out.printf(Locale.ROOT, "%s %s: %s %s%n", LABEL, name, met ? "[ok]" : "[FAIL]", text);
	}

	static void line(String name, String text) {
		System.out.printf(Locale.ROOT, "%s %s: %s%n", LABEL, name, text);
	}

	private static double[] millis(List<Result> results, java.util.function.Predicate<Result> which) {
		return results.stream().filter(which).mapToDouble(Result::millis).sorted().toArray();
	}

	/** Nearest rank; NaN when empty. */
	static double percentile(double[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	static double percentile(long[] sorted, double p) {
		return percentile(Arrays.stream(sorted).asDoubleStream().toArray(), p);
	}

	private static double max(double[] sorted) {
		return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
	}

	static String ms(double millis) {
		return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", millis);
	}

	static java.util.concurrent.ThreadFactory daemon(String name) {
		AtomicInteger n = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Samples {@code GET /actuator/prometheus} through the gateway (ADMIN token) every second: the
	 * state of each resilience4j circuit breaker, and the {@code civic_gateway_admission*} meters.
	 */
	static final class BreakerSampler {

		private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");

		private static final Pattern LABEL_PAIR = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

		/** The gateway's own port by default; elsewhere where its management port is (with the token all the same). */
		private static final String PROMETHEUS = System.getProperty("prometheus", Fixture.GATEWAY + "/actuator/prometheus");

		private final HttpClient http;

		private final String adminToken;

		private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("overload-breakers"));

		private final AtomicBoolean busy = new AtomicBoolean();

		private final AtomicInteger samples = new AtomicInteger();

		private final AtomicInteger unreadable = new AtomicInteger();

		private volatile String firstError;

		/** Per breaker: samples in which it was open, half-open (or forced open). */
		private final Map<String, Map<String, Integer>> notClosed = new ConcurrentHashMap<>();

		private final Map<String, Boolean> breakersSeen = new ConcurrentHashMap<>();

		/** Per admission series: first, min, max, last. */
		private final Map<String, double[]> admission = new ConcurrentHashMap<>();

		BreakerSampler(HttpClient http, String adminToken) {
			this.http = http;
			this.adminToken = adminToken;
		}

		void start() {
			this.timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
		}

		void stop() {
			this.timer.shutdown();
			try {
				this.timer.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void sample() {
			if (!this.busy.compareAndSet(false, true)) {
				return; // the last one is still under way
			}
			HttpRequest request = HttpRequest.newBuilder(URI.create(PROMETHEUS))
				.timeout(Duration.ofSeconds(3))
				.header("Authorization", "Bearer " + this.adminToken)
				.GET()
				.build();
			this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
				try {
					if (error != null || response.statusCode() != 200) {
						this.unreadable.incrementAndGet();
						if (this.firstError == null) {
							this.firstError = error != null ? error.toString() : "status " + response.statusCode();
						}
						return;
					}
					this.samples.incrementAndGet();
					read(response.body());
				}
				finally {
					this.busy.set(false);
				}
			});
		}

		private void read(String text) {
			for (String line : text.split("\n")) {
				if (line.startsWith("#")) {
					continue;
				}
				Matcher m = SAMPLE.matcher(line);
				if (!m.find()) {
					continue;
				}
				String name = m.group(1);
				double value;
				try {
					value = Double.parseDouble(m.group(4));
				}
				catch (NumberFormatException ex) {
					continue;
				}
				Map<String, String> labels = new TreeMap<>();
				if (m.group(3) != null) {
					Matcher pair = LABEL_PAIR.matcher(m.group(3));
					while (pair.find()) {
						labels.put(pair.group(1), pair.group(2));
					}
				}
				if (name.equals("resilience4j_circuitbreaker_state")) {
					String breaker = labels.getOrDefault("name", "?");
					String state = labels.getOrDefault("state", "?");
					this.breakersSeen.put(breaker, true);
					if (value >= 1 && !state.equals("closed") && !state.equals("disabled") && !state.equals("metrics_only")) {
						this.notClosed.computeIfAbsent(breaker, b -> new ConcurrentHashMap<>()).merge(state, 1, Integer::sum);
					}
				}
				else if (name.startsWith("civic_gateway_admission")) {
					labels.remove("application");
					String series = name + (labels.isEmpty() ? "" : labels.toString());
					this.admission.compute(series, (k, v) -> v == null ? new double[] { value, value, value, value }
							: new double[] { v[0], Math.min(v[1], value), Math.max(v[2], value), value });
				}
			}
		}

		void report(Overload run) {
			String sampled = String.format(Locale.ROOT, "%d samples of the gateway's /actuator/prometheus, one a second (%d unreadable%s)",
					this.samples.get(), this.unreadable.get(), this.firstError == null ? "" : ", first: " + this.firstError);
			if (this.breakersSeen.isEmpty()) {
				run.criterion("breakers", false, "no resilience4j_circuitbreaker_state in " + sampled);
				return;
			}
			if (this.notClosed.isEmpty()) {
				run.criterion("breakers", true, "never open nor half-open (" + String.join(", ", new TreeMap<>(this.breakersSeen).keySet())
						+ ") in " + sampled);
				return;
			}
			List<String> which = new ArrayList<>();
			new TreeMap<>(this.notClosed).forEach((breaker, states) -> which.add(breaker + " " + new TreeMap<>(states)
				.entrySet()
				.stream()
				.map(e -> e.getKey() + " in " + e.getValue() + " samples")
				.reduce((a, b) -> a + ", " + b)
				.orElse("")));
			run.criterion("breakers", false, "not closed: " + String.join("; ", which) + "; " + sampled);
		}

		void reportAdmission() {
			if (this.admission.isEmpty()) {
				line("admission", "no civic_gateway_admission meters at the gateway");
				return;
			}
			new TreeMap<>(this.admission).forEach((series, v) -> System.out.printf(Locale.ROOT,
					"%s admission: %s first %s, min %s, max %s, last %s%n", LABEL, series, number(v[0]), number(v[1]),
					number(v[2]), number(v[3])));
		}

		private static String number(double value) {
			return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
					: String.format(Locale.ROOT, "%.3f", value);
		}

	}

	/**
	 * Reads back every order answered 201 during the peak (a few at a time, through the gateway as
	 * ADMIN) until each has been dispatched, or the time is up; the time from PLACED to DISPATCHED
	 * comes from each order's history.
	 */
	static final class DispatchCheck {

		private final HttpClient http;

		private final String adminToken;

		private final List<String> ids;

		DispatchCheck(HttpClient http, String adminToken, List<String> ids) {
			this.http = http;
			this.adminToken = adminToken;
			this.ids = ids;
		}

		void run(Overload run) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DISPATCH_WAIT_SECONDS);
			Map<String, String> pending = new ConcurrentHashMap<>();
			this.ids.forEach(id -> pending.put(id, "PLACED"));
			Queue<Long> placedToDispatched = new ConcurrentLinkedQueue<>();
			ExecutorService readers = Executors.newFixedThreadPool(DISPATCH_READERS, daemon("overload-dispatch"));
			long started = System.nanoTime();
			try {
				while (!pending.isEmpty() && System.nanoTime() < deadline) {
					List<Future<?>> reads = new ArrayList<>();
					for (String id : new ArrayList<>(pending.keySet())) {
						reads.add(readers.submit(() -> {
							if (System.nanoTime() >= deadline) {
								return;
							}
							String status = read(id, placedToDispatched);
							if (status == null) {
								pending.remove(id);
							}
							else {
								pending.put(id, status);
							}
						}));
					}
					for (Future<?> read : reads) {
						try {
							read.get();
						}
						catch (java.util.concurrent.ExecutionException ex) {
							// counted as still pending
						}
					}
					if (!pending.isEmpty()) {
						Thread.sleep(2000);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				readers.shutdownNow();
			}
			Map<String, Long> left = new TreeMap<>();
			pending.values().forEach(status -> left.merge(status, 1L, Long::sum));
			long stillPlaced = left.getOrDefault("PLACED", 0L);
			left.remove("PLACED");
			double[] latencies = placedToDispatched.stream().mapToDouble(Long::doubleValue).sorted().toArray();
			run.criterion("dispatch", pending.isEmpty() && !this.ids.isEmpty(), String.format(Locale.ROOT,
					"%d of %d answered 201 dispatched (%d still PLACED%s) after %.0f s of reading back; placed->dispatched p50 %s, p99 %s, max %s",
					this.ids.size() - pending.size(), this.ids.size(), stillPlaced, left.isEmpty() ? "" : ", " + left,
					(System.nanoTime() - started) / 1e9, ms(percentile(latencies, 50)), ms(percentile(latencies, 99)),
					ms(latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1])));
		}

		/** Null once the order's history shows DISPATCHED; else its status now (or "unreadable"). */
		private String read(String id, Queue<Long> placedToDispatched) {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create(Fixture.GATEWAY + "/api/orders/" + id))
							.timeout(CLIENT_TIMEOUT)
							.header("Authorization", "Bearer " + this.adminToken)
							.GET()
							.build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					return "unreadable";
				}
				JsonNode order = JSON.readTree(response.body());
				OffsetDateTime placedAt = null;
				OffsetDateTime dispatchedAt = null;
				for (JsonNode entry : order.path("history")) {
					String status = entry.path("status").asText();
					if (status.equals("PLACED") && placedAt == null) {
						placedAt = OffsetDateTime.parse(entry.path("at").asText());
					}
					if (status.equals("DISPATCHED") && dispatchedAt == null) {
						dispatchedAt = OffsetDateTime.parse(entry.path("at").asText());
					}
				}
				if (dispatchedAt == null) {
					return order.path("status").asText("unreadable");
				}
				if (placedAt != null) {
					placedToDispatched.add(Duration.between(placedAt, dispatchedAt).toMillis());
				}
				return null;
			}
			catch (IOException ex) {
				return "unreadable";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "unreadable";
			}
		}

	}

}
