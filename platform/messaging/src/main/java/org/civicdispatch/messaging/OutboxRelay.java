package org.civicdispatch.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes the outbox to Kafka. Each pass claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} (so any number of relays can share one database), sends
 * them keyed by aggregate id and marks them sent only after the broker acknowledged; a
 * failed row is retried later with exponential backoff, never dropped. Rows of one
 * aggregate are sent one after the other, and never past an earlier row of the same
 * aggregate that is still waiting, so consumers see each aggregate's events in order.
 * <p>
 * Passes are woken by {@code LISTEN civic_outbox} (the outbox NOTIFYs on commit) and by a
 * slow poll as a safety net; wake-ups that arrive during a pass are coalesced into one
 * more pass.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final JsonMapper HEADERS_JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> HEADER_MAP = new TypeReference<>() {
	};

	/** CloudEvents Kafka binding, structured mode. */
	static final String CONTENT_TYPE_HEADER = "content-type";

	static final String CLOUDEVENTS_JSON = "application/cloudevents+json; charset=UTF-8";

	private static final Duration PASS_TIMEOUT = Duration.ofMinutes(1);

	private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

	private static final String CLAIM = """
			SELECT o.id, o.event_id, o.topic, o.message_key, o.type, o.payload, o.headers::text AS headers, o.attempts
			FROM outbox o
			WHERE o.sent_at IS NULL AND o.next_attempt_at <= now()
			  AND NOT EXISTS (SELECT 1 FROM outbox earlier
			                  WHERE earlier.message_key = o.message_key AND earlier.sent_at IS NULL
			                    AND earlier.id < o.id AND earlier.next_attempt_at > now())
			ORDER BY o.id
			LIMIT :limit
			FOR UPDATE OF o SKIP LOCKED""";

	/**
	 * Per key, the first unsent row this pass did not claim (another relay holds it, or
	 * it is not due).
	 */
	private static final String FIRST_UNCLAIMED = """
			SELECT message_key, min(id) AS first_id FROM outbox
			WHERE sent_at IS NULL AND message_key = ANY(:keys) AND NOT (id = ANY(:ids))
			GROUP BY message_key""";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final KafkaTemplate<String, String> kafka;

	private final PostgresqlConnectionFactory listenConnections;

	private final MessagingProperties.Relay settings;

	private final OutboxTracing tracing;

	private final AtomicBoolean draining = new AtomicBoolean();

	private final AtomicBoolean wakeRequested = new AtomicBoolean();

	private volatile boolean running;

	private volatile Disposable.Composite subscriptions = Disposables.composite();

	private final AtomicReference<Runnable> afterDrain = new AtomicReference<>();

	/**
	 * @param listenConnections where to open the dedicated LISTEN connection;
	 * {@code null} to rely on polling alone
	 */
	public OutboxRelay(DatabaseClient database, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			PostgresqlConnectionFactory listenConnections, MessagingProperties.Relay settings) {
		this(database, transactions, kafka, listenConnections, settings, null);
	}

	/**
	 * @param tracing publishes each row inside a span continuing the trace stored with
	 * it; {@code null} when the service has no tracing (a stored {@code traceparent} is
	 * then sent on as it is)
	 */
	public OutboxRelay(DatabaseClient database, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			PostgresqlConnectionFactory listenConnections, MessagingProperties.Relay settings, OutboxTracing tracing) {
		this.database = database;
		this.transactions = transactions;
		this.kafka = kafka;
		this.listenConnections = listenConnections;
		this.settings = settings;
		this.tracing = tracing;
	}

	@Override
	public void start() {
		this.running = true;
		Disposable.Composite started = Disposables.composite();
		started.add(Flux.interval(this.settings.pollInterval(), this.settings.pollInterval())
			.onBackpressureDrop()
			.subscribe(tick -> wake()));
		if (!this.settings.retention().isZero() && !this.settings.retention().isNegative()) {
			started.add(Flux.interval(PURGE_INTERVAL)
				.onBackpressureDrop()
				.concatMap(tick -> purge().onErrorResume(error -> {
					log.warn("Could not purge sent outbox rows: {}", error.toString());
					return Mono.empty();
				}))
				.subscribe());
		}
		if (this.listenConnections != null && this.settings.listen()) {
			started.add(listen().subscribe(notification -> wake()));
		}
		this.subscriptions = started;
		wake();
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.subscriptions.dispose();
		this.afterDrain.set(callback);
		if (!this.draining.get()) {
			runAfterDrain();
		}
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Asks for a pass soon; coalesced with passes already running or asked for. */
	public void wake() {
		this.wakeRequested.set(true);
		drainIfIdle();
	}

	private void drainIfIdle() {
		if (!this.running || !this.draining.compareAndSet(false, true)) {
			return;
		}
		this.wakeRequested.set(false);
		pass().timeout(PASS_TIMEOUT).defaultIfEmpty(Pass.EMPTY).subscribe(this::afterPass, error -> {
			log.warn("Outbox relay pass failed; retrying on the next wake-up: {}", error.toString());
			log.debug("Outbox relay pass failure", error);
			afterPass(Pass.FAILED);
		});
	}

	private void afterPass(Pass pass) {
		this.draining.set(false);
		if (!this.running) {
			runAfterDrain();
			return;
		}
		if (pass.excluded() > 0) {
			// rows held back behind another relay's in-flight rows of the same aggregate:
			// look again shortly
			Mono.delay(Duration.ofMillis(200)).subscribe(tick -> wake());
		}
		if (pass.failed() > 0) {
			// retry when the first backoff is over rather than on the next poll
			Mono.delay(this.settings.initialBackoff()).subscribe(tick -> wake());
		}
		if (pass.claimed() >= this.settings.batchSize() || this.wakeRequested.get()) {
			wake();
		}
	}

	private void runAfterDrain() {
		Runnable callback = this.afterDrain.getAndSet(null);
		if (callback != null) {
			callback.run();
		}
	}

	/**
	 * One pass: claim due rows, send them, record the outcome, all in one transaction
	 * holding the row locks.
	 */
	Mono<Pass> pass() {
		return this.transactions.transactional(claim().collectList().flatMap(rows -> {
			if (rows.isEmpty()) {
				return Mono.just(Pass.EMPTY);
			}
			return sendable(rows).flatMap(sendable -> Flux.fromIterable(byKey(sendable).values())
				.flatMap(this::sendInOrder, 256)
				.flatMapIterable(outcomes -> outcomes)
				.collectList()
				.flatMap(outcomes -> record(outcomes).thenReturn(Pass.of(rows, sendable, outcomes))));
		}));
	}

	private Flux<Row> claim() {
		return this.database.sql(CLAIM)
			.bind("limit", this.settings.batchSize())
			.map((row, meta) -> new Row(row.get("id", Long.class), row.get("event_id", UUID.class),
					row.get("topic", String.class), row.get("message_key", String.class), row.get("type", String.class),
					row.get("payload", String.class), row.get("headers", String.class),
					row.get("attempts", Integer.class)))
			.all();
	}

	/** The claimed rows that are next in line for their aggregate. */
	private Mono<List<Row>> sendable(List<Row> rows) {
		String[] keys = rows.stream().map(Row::key).distinct().toArray(String[]::new);
		Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
		return this.database.sql(FIRST_UNCLAIMED)
			.bind("keys", keys)
			.bind("ids", ids)
			.map((row, meta) -> Map.entry(row.get("message_key", String.class), row.get("first_id", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.map(firstUnclaimed -> rows.stream()
				.filter(row -> row.id() < firstUnclaimed.getOrDefault(row.key(), Long.MAX_VALUE))
				.toList());
	}

	private static Map<String, List<Row>> byKey(List<Row> rows) {
		Map<String, List<Row>> byKey = new LinkedHashMap<>();
		rows.forEach(row -> byKey.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(row));
		return byKey;
	}

	/**
	 * Sends one aggregate's rows one by one; stops at the first failure so later rows
	 * wait for it.
	 */
	private Mono<List<Outcome>> sendInOrder(List<Row> rows) {
		return Flux.fromIterable(rows).concatMap(row -> send(row).thenReturn(Outcome.sent(row)).onErrorResume(error -> {
			log.warn("Could not publish outbox row {} (event {}, attempt {}): {}", row.id(), row.eventId(),
					row.attempts() + 1, error.toString());
			return Mono.just(Outcome.failed(row, error));
		}), 1).takeUntil(outcome -> !outcome.sent()).collectList();
	}

	private Mono<Void> send(Row row) {
		ProducerRecord<String, String> message = new ProducerRecord<>(row.topic(), null, row.key(), row.payload());
		message.headers().add(new RecordHeader(CONTENT_TYPE_HEADER, CLOUDEVENTS_JSON.getBytes(StandardCharsets.UTF_8)));
		Map<String, String> stored = headers(row);
		// a stored traceparent goes along; with producer observation the template
		// replaces it by its own span's
		stored.forEach(
				(name, value) -> message.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
		if (this.tracing == null) {
			return send(message, null);
		}
		return Mono.defer(() -> {
			OutboxTracing.Publishing publishing = this.tracing.publishing(stored, row.topic(), row.type(),
					String.valueOf(row.eventId()), row.key());
			return send(message, publishing).doOnError(publishing::end)
				.doOnSuccess(done -> publishing.end(null))
				.doOnCancel(() -> publishing.end(null));
		});
	}

	private Mono<Void> send(ProducerRecord<String, String> message, OutboxTracing.Publishing publishing) {
		// KafkaTemplate#send may wait up to max.block.ms for metadata: keep that off the
		// database event loop
		return Mono
			.defer(() -> Mono.fromFuture((publishing != null) ? publishing.inScope(() -> this.kafka.send(message))
					: this.kafka.send(message)))
			.subscribeOn(Schedulers.boundedElastic())
			// continue off the producer's network thread, which completes the future
			.publishOn(Schedulers.parallel())
			.then();
	}

	private static Map<String, String> headers(Row row) {
		if (row.headers() == null || row.headers().isBlank()) {
			return new HashMap<>();
		}
		try {
			return new LinkedHashMap<>(HEADERS_JSON.readValue(row.headers(), HEADER_MAP));
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring unreadable headers of outbox row {}: {}", row.id(), ex.toString());
			return new HashMap<>();
		}
	}

	private Mono<Void> record(List<Outcome> outcomes) {
		Long[] sent = outcomes.stream().filter(Outcome::sent).map(outcome -> outcome.row().id()).toArray(Long[]::new);
		Mono<Void> markSent = (sent.length == 0) ? Mono.empty()
				: this.database
					.sql("UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL "
							+ "WHERE id = ANY(:ids)")
					.bind("ids", sent)
					.then();
		return markSent.thenMany(Flux.fromIterable(outcomes).filter(outcome -> !outcome.sent()).concatMap(failed -> {
			Row row = failed.row();
			return this.database
				.sql("UPDATE outbox SET attempts = attempts + 1, last_error = :error, "
						+ "next_attempt_at = now() + make_interval(secs => :delay) WHERE id = :id")
				.bind("error", failed.error())
				.bind("delay", backoff(row.attempts() + 1).toMillis() / 1000.0)
				.bind("id", row.id())
				.then();
		})).then();
	}

	/** Deletes rows sent longer than the retention ago; emits how many. */
	Mono<Long> purge() {
		return this.database.sql("DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => :retention)")
			.bind("retention", (double) this.settings.retention().toSeconds())
			.fetch()
			.rowsUpdated()
			.doOnNext(deleted -> log.debug("Purged {} sent outbox rows", deleted));
	}

	/**
	 * Delay after the given number of failed attempts: initial × 2^(attempts-1), capped.
	 */
	Duration backoff(int attempts) {
		Duration initial = this.settings.initialBackoff();
		Duration max = this.settings.maxBackoff();
		int doublings = Math.min(Math.max(attempts - 1, 0), 30);
		Duration delay = initial.multipliedBy(1L << doublings);
		return (delay.compareTo(max) > 0 || delay.isNegative()) ? max : delay;
	}

	/**
	 * Wake-ups from a dedicated LISTEN connection; reconnects (and wakes, to catch up)
	 * whenever it drops.
	 */
	private Flux<String> listen() {
		return Flux.usingWhen(this.listenConnections.create(),
				connection -> connection.createStatement("LISTEN " + Outbox.CHANNEL)
					.execute()
					.flatMap(PostgresqlResult::getRowsUpdated)
					.thenMany(Flux.concat(Mono.fromSupplier(() -> {
						log.info("Listening for outbox commits on channel {}", Outbox.CHANNEL);
						return "listening";
					}), connection.getNotifications().map(notification -> notification.getName()))),
				connection -> connection.close())
			.concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
				.maxBackoff(Duration.ofSeconds(10))
				.transientErrors(true)
				.doBeforeRetry(signal -> log.info("Outbox LISTEN connection lost ({}); reconnecting",
						signal.failure().toString())));
	}

	@Override
	public int getPhase() {
		// start after the listener containers and stop before the producer factory goes
		// away
		return Integer.MAX_VALUE - 1000;
	}

	record Row(Long id, UUID eventId, String topic, String key, String type, String payload, String headers,
			Integer attempts) {
	}

	record Outcome(Row row, boolean sent, String error) {

		static Outcome sent(Row row) {
			return new Outcome(row, true, null);
		}

		static Outcome failed(Row row, Throwable error) {
			String message = error.toString();
			Throwable cause = error.getCause();
			if (cause != null && cause != error) {
				message = message + " caused by " + cause;
			}
			return new Outcome(row, false, (message.length() > 2000) ? message.substring(0, 2000) : message);
		}

	}

	record Pass(int claimed, int excluded, int failed) {

		static final Pass EMPTY = new Pass(0, 0, 0);

		static final Pass FAILED = new Pass(0, 0, 0);

		static Pass of(List<Row> claimed, List<Row> sendable, List<Outcome> outcomes) {
			return new Pass(claimed.size(), claimed.size() - sendable.size(),
					(int) outcomes.stream().filter(outcome -> !outcome.sent()).count());
		}

	}

}
