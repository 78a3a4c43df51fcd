package org.civicdispatch.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The outbox backlog as gauges: {@code civic.outbox.backlog} (rows not yet acknowledged
 * by Kafka; Prometheus {@code civic_outbox_backlog}) and {@code civic.outbox.oldest.age}
 * (seconds the oldest of them has waited; {@code civic_outbox_oldest_age_seconds}), each
 * tagged with the service by the common {@code service} tag. A growing age means the
 * relay is stuck or the broker is down. Gauges are read on scrape, so the numbers are
 * refreshed in the background rather than queried then.
 */
public class OutboxMetrics implements MeterBinder, DisposableBean {

	/** Rows not yet sent. */
	public static final String BACKLOG = "civic.outbox.backlog";

	/** Seconds the oldest unsent row has waited. */
	public static final String OLDEST_AGE = "civic.outbox.oldest.age";

	private final DatabaseClient database;

	private final Duration refreshInterval;

	private final AtomicLong unsent = new AtomicLong();

	private final AtomicLong oldestAgeSeconds = new AtomicLong();

	private volatile Disposable refreshing;

	public OutboxMetrics(DatabaseClient database, Duration refreshInterval) {
		this.database = database;
		this.refreshInterval = refreshInterval;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		Gauge.builder(BACKLOG, this.unsent, AtomicLong::get)
			.description("Outbox rows not yet acknowledged by Kafka")
			.register(registry);
		Gauge.builder(OLDEST_AGE, this.oldestAgeSeconds, AtomicLong::get)
			.description("How long the oldest unsent outbox row has waited")
			.baseUnit("seconds")
			.register(registry);
		if (this.refreshing == null) {
			this.refreshing = GaugeRefresher.every(this.refreshInterval, "the outbox backlog", this::refresh);
		}
	}

	/** Reads the backlog now. */
	Mono<Void> refresh() {
		return this.database
			.sql("SELECT count(*) AS unsent, "
					+ "coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest "
					+ "FROM outbox WHERE sent_at IS NULL")
			.map(row -> {
				this.unsent.set(row.get("unsent", Long.class));
				this.oldestAgeSeconds.set(row.get("oldest", Long.class));
				return true;
			})
			.one()
			.then();
	}

	@Override
	public void destroy() {
		Disposable current = this.refreshing;
		if (current != null) {
			current.dispose();
		}
	}

}
