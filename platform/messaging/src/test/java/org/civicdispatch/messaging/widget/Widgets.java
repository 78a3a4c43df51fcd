package org.civicdispatch.messaging.widget;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.OrderPlaced;
import org.civicdispatch.messaging.Outbox;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * State changes of the test service; each commits together with the events that announce
 * it.
 */
@Service
public class Widgets {

	private final DatabaseClient database;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	public Widgets(DatabaseClient database, Outbox outbox, TransactionalOperator transactions) {
		this.database = database;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	/**
	 * Creates a widget and announces it as an {@code OrderPlaced} keyed by the widget id.
	 */
	public Mono<Void> create(UUID id, String name) {
		return this.transactions.transactional(insert(id, name).then(this.outbox.append(placed(id, name))));
	}

	/**
	 * Like {@link #create} but fails after writing both: nothing may be left, nothing may
	 * be published.
	 */
	public Mono<Void> createAndFail(UUID id, String name) {
		return this.transactions.transactional(insert(id, name).then(this.outbox.append(placed(id, name)))
			.then(Mono.error(new IllegalStateException("rolled back on purpose"))));
	}

	/** Appends several events about one widget in one transaction, in order. */
	public Mono<Void> announce(UUID id, List<String> titles) {
		return this.transactions
			.transactional(this.outbox.appendAll(titles.stream().map(title -> placed(id, title)).toList()));
	}

	/**
	 * Counts how often an event for this widget was applied (inserting it on first use).
	 */
	public Mono<Void> apply(UUID id, String name) {
		return this.database
			.sql("INSERT INTO widget (id, name) VALUES (:id, :name) "
					+ "ON CONFLICT (id) DO UPDATE SET applied = widget.applied + 1")
			.bind("id", id)
			.bind("name", name)
			.then();
	}

	public Mono<Integer> applied(UUID id) {
		return this.database.sql("SELECT applied FROM widget WHERE id = :id")
			.bind("id", id)
			.map(row -> row.get("applied", Integer.class))
			.one()
			.defaultIfEmpty(0);
	}

	public static OrderPlaced placed(UUID id, String title) {
		return new OrderPlaced(id, UUID.nameUUIDFromBytes(id.toString().getBytes()), "ELDERLY", id, title,
				Instant.parse("2026-11-24T09:00:00Z"));
	}

	private Mono<Void> insert(UUID id, String name) {
		return this.database.sql("INSERT INTO widget (id, name) VALUES (:id, :name)")
			.bind("id", id)
			.bind("name", name)
			.then();
	}

}
