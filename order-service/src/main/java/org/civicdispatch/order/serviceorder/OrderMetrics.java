package org.civicdispatch.order.serviceorder;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.civicdispatch.messaging.GaugeRefresher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * What a district watches of its orders, as meters (Prometheus names; every meter also
 * has the common {@code service} tag):
 * <ul>
 * <li>{@code civic_orders_placed_total{category}}, {@code civic_orders_dispatched_total}
 * (every offer to a team, again after a rejection) and
 * {@code civic_orders_completed_total}: counted after the commit;</li>
 * <li>{@code civic_dispatch_seconds}, {@code civic_accept_seconds},
 * {@code civic_complete_seconds}: histograms of the time from placing to each dispatch,
 * to acceptance and to reported completion;</li>
 * <li>{@code civic_orders_status{status}} (orders in each status) and
 * {@code civic_orders_overdue} (accepted or in service and past due): gauges read from
 * the database every {@code civic.metrics.refresh-interval} (30 s), never on a scrape.
 * Every instance reports the whole database's figures, so dashboards take the max over
 * instances, not the sum.</li>
 * </ul>
 */
@Component
class OrderMetrics implements SmartLifecycle {

	public static final String PLACED = "civic.orders.placed";

	public static final String DISPATCHED = "civic.orders.dispatched";

	public static final String COMPLETED = "civic.orders.completed";

	public static final String STATUS = "civic.orders.status";

	public static final String OVERDUE = "civic.orders.overdue";

	public static final String TO_DISPATCH = "civic.dispatch";

	public static final String TO_ACCEPT = "civic.accept";

	public static final String TO_COMPLETE = "civic.complete";

	private static final String COUNTS = """
			SELECT status, count(*) AS n FROM service_order GROUP BY status
			UNION ALL
			SELECT 'OVERDUE', count(*) FROM service_order
			WHERE status IN ('ACCEPTED', 'IN_SERVICE') AND due_at <= now()""";

	private static final String OVERDUE_ROW = "OVERDUE";

	private final MeterRegistry registry;

	private final DatabaseClient database;

	private final Duration refreshInterval;

	private final Map<OrderStatus, AtomicLong> byStatus = new EnumMap<>(OrderStatus.class);

	private final AtomicLong overdue = new AtomicLong();

	private final Counter dispatched;

	private final Counter completed;

	private final Timer toDispatch;

	private final Timer toAccept;

	private final Timer toComplete;

	private volatile Disposable refreshing;

	OrderMetrics(MeterRegistry registry, DatabaseClient database,
			@Value("${civic.metrics.refresh-interval:30s}") Duration refreshInterval) {
		this.registry = registry;
		this.database = database;
		this.refreshInterval = refreshInterval;
		for (OrderStatus status : OrderStatus.values()) {
			AtomicLong count = new AtomicLong();
			this.byStatus.put(status, count);
			Gauge.builder(STATUS, count, AtomicLong::get)
				.description("Orders in each status")
				.tag("status", status.name())
				.register(registry);
		}
		Gauge.builder(OVERDUE, this.overdue, AtomicLong::get)
			.description("Orders accepted or in service and past their due time")
			.register(registry);
		this.dispatched = Counter.builder(DISPATCHED).description("Orders offered to a team").register(registry);
		this.completed = Counter.builder(COMPLETED).description("Orders a team reported completed").register(registry);
		this.toDispatch = timer(TO_DISPATCH, "Time from placing an order to its dispatch to a team",
				Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
				Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
				Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3));
		this.toAccept = timer(TO_ACCEPT, "Time from placing an order to a team accepting it", Duration.ofMinutes(1),
				Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
				Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12), Duration.ofDays(1),
				Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7));
		this.toComplete = timer(TO_COMPLETE, "Time from placing an order to its reported completion",
				Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
				Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2),
				Duration.ofDays(3), Duration.ofDays(5), Duration.ofDays(7), Duration.ofDays(14));
	}

	/**
	 * Histogram buckets at these bounds (and +Inf): a handful of series, not a percentile
	 * histogram's seventy.
	 */
	private Timer timer(String name, String description, Duration... buckets) {
		return Timer.builder(name).description(description).serviceLevelObjectives(buckets).register(this.registry);
	}

	/** A new order was committed. */
	void placed(ServiceOrder order) {
		Counter.builder(PLACED)
			.description("Orders placed by residents")
			.tag("category", order.category())
			.register(this.registry)
			.increment();
	}

	/** A change of an existing order was committed. */
	void changed(ServiceOrder order, List<OrderChange> changes) {
		for (OrderChange change : changes) {
			switch (change) {
				case OrderChange.Dispatched dispatch -> {
					this.dispatched.increment();
					record(this.toDispatch, order);
				}
				case OrderChange.Accepted accept -> record(this.toAccept, order);
				case OrderChange.Completed completion -> {
					this.completed.increment();
					record(this.toComplete, order);
				}
				default -> {
				}
			}
		}
	}

	private static void record(Timer timer, ServiceOrder order) {
		Instant placed = order.createdAt();
		Instant now = order.updatedAt();
		if (placed != null && now != null && !now.isBefore(placed)) {
			timer.record(Duration.between(placed, now));
		}
	}

	/** Reads the counts by status and the overdue count now. */
	Mono<Void> refresh() {
		return this.database.sql(COUNTS)
			.map(row -> Map.entry(row.get("status", String.class), row.get("n", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.doOnNext(counts -> {
				this.byStatus.forEach((status, count) -> count.set(counts.getOrDefault(status.name(), 0L)));
				this.overdue.set(counts.getOrDefault(OVERDUE_ROW, 0L));
			})
			.then();
	}

	@Override
	public synchronized void start() {
		if (this.refreshing == null) {
			this.refreshing = GaugeRefresher.every(this.refreshInterval, "the order counts", this::refresh);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.refreshing != null) {
			this.refreshing.dispose();
			this.refreshing = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.refreshing != null;
	}

}
