package org.civicdispatch.order.live;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Carries the change feed to this instance's streams. Every instance LISTENs on
 * {@link OrderFeed#CHANNEL} over a connection of its own (outside the pool, opened again
 * whenever it drops), and on each notification, on each (re)connect and every
 * {@code poll-interval} reads the rows after the last one it has seen and hands them, in
 * id order, to every open stream. A change made through any instance thus reaches the
 * clients of all of them; wake-ups that arrive during a read collapse into one more read.
 * Streams hold no database connection: only these reads, and a reconnecting client's one
 * read of what it missed, use the pool.
 */
@Component
class FeedPump implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FeedPump.class);

	private final OrderFeed feed;

	private final LiveProperties properties;

	private final PostgresqlConnectionFactory listenConnections;

	private final Sinks.Many<FeedEntry> entries = Sinks.many().multicast().directBestEffort();

	private volatile Sinks.Empty<Void> stopping = Sinks.empty();

	private volatile long lastSeen;

	private volatile Disposable running;

	FeedPump(OrderFeed feed, LiveProperties properties, ConnectionFactory connections) {
		this.feed = feed;
		this.properties = properties;
		this.listenConnections = postgres(connections).orElse(null);
	}

	/**
	 * Every feed entry from now on, in id order; completes when the instance shuts down.
	 */
	Flux<FeedEntry> entries() {
		return entries.asFlux().takeUntilOther(stopping.asMono());
	}

	/**
	 * Completes when the instance shuts down, so that open streams end and their clients
	 * go elsewhere.
	 */
	Mono<Void> stopping() {
		return stopping.asMono();
	}

	@Override
	public void start() {
		stopping = Sinks.empty();
		Flux<Boolean> wakeUps = Flux
			.merge(Flux.interval(properties.pollInterval(), properties.pollInterval()).map(tick -> true), listen());
		running = feed.latestId()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
			.doOnNext(latest -> lastSeen = latest)
			.thenMany(wakeUps.onBackpressureDrop())
			.concatMap(wakeUp -> drain().onErrorResume(error -> {
				log.warn("Could not read the order feed; trying again on the next wake-up: {}", error.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/** Reads and hands on rows after {@link #lastSeen} until there are no more. */
	private Mono<Void> drain() {
		return feed.after(lastSeen, properties.batchSize())
			.expand(batch -> batch.size() < properties.batchSize() ? Mono.empty()
					: feed.after(batch.getLast().id(), properties.batchSize()))
			.concatMapIterable(batch -> batch)
			.doOnNext(entry -> {
				lastSeen = entry.id();
				// no stream open, or one that has fallen behind: it learns of it through
				// its buffer
				entries.tryEmitNext(entry);
			})
			.then();
	}

	/**
	 * Wake-ups from a dedicated LISTEN connection; reconnects (and wakes, to catch up)
	 * whenever it drops.
	 */
	private Flux<Boolean> listen() {
		if (listenConnections == null) {
			log.info("Not on PostgreSQL's own driver: the order feed is polled every {}", properties.pollInterval());
			return Flux.empty();
		}
		return Flux
			.usingWhen(listenConnections.create(),
					connection -> connection.createStatement("LISTEN " + OrderFeed.CHANNEL)
						.execute()
						.flatMap(PostgresqlResult::getRowsUpdated)
						.thenMany(Flux.concat(Mono.just(true), connection.getNotifications().map(n -> true))),
					connection -> connection.close())
			.concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
				.maxBackoff(Duration.ofSeconds(10))
				.transientErrors(true)
				.doBeforeRetry(signal -> log.info("Order feed LISTEN connection lost ({}); reconnecting",
						signal.failure().toString())));
	}

	@Override
	public void stop() {
		Disposable current = running;
		if (current != null) {
			current.dispose();
		}
		running = null;
		stopping.tryEmitEmpty();
	}

	@Override
	public boolean isRunning() {
		return running != null;
	}

	/** The driver's own factory under the pool: LISTEN needs a connection of its own. */
	private static Optional<PostgresqlConnectionFactory> postgres(ConnectionFactory connections) {
		Object current = connections;
		for (int depth = 0; depth < 10 && current != null; depth++) {
			if (current instanceof PostgresqlConnectionFactory postgres) {
				return Optional.of(postgres);
			}
			current = (current instanceof Wrapped<?> wrapped) ? wrapped.unwrap() : null;
		}
		return Optional.empty();
	}

}
