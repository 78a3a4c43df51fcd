package org.civicdispatch.order.demo;

import java.util.List;
import java.util.UUID;

import org.civicdispatch.web.BadRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Moves orders back in time in order-service's own tables, every time of an order by the same
 * amount: when it was placed and last changed, the preferred time, the accept deadline, acceptance, the due
 * time, completion, both ratings and every history entry. The order's story stays consistent, only
 * earlier; what the timers then see is what they would have seen: an accepted or in-service order
 * whose due time is now past is flagged overdue by the overdue sweep (and {@code OrderOverdue} is
 * raised today), a dispatched order whose accept deadline passed goes to the next team. Events
 * already published keep their times. All orders of one request move in one transaction; an id that
 * names no order changes nothing (400).
 */
@Component
@ConditionalOnProperty(name = "civic.demo.enabled", havingValue = "true")
class DemoBackdating {

	record Shift(UUID orderId, int minutes) {
	}

	private static final String SHIFT_ORDER = """
			UPDATE service_order SET
			    created_at = created_at - make_interval(mins => :minutes),
			    updated_at = updated_at - make_interval(mins => :minutes),
			    preferred_time = preferred_time - make_interval(mins => :minutes),
			    accept_deadline = accept_deadline - make_interval(mins => :minutes),
			    accepted_at = accepted_at - make_interval(mins => :minutes),
			    due_at = due_at - make_interval(mins => :minutes),
			    completed_at = completed_at - make_interval(mins => :minutes),
			    resident_rated_at = resident_rated_at - make_interval(mins => :minutes),
			    staff_rated_at = staff_rated_at - make_interval(mins => :minutes)
			WHERE id = :id""";

	private static final String SHIFT_HISTORY = """
			UPDATE order_history SET at = at - make_interval(mins => :minutes) WHERE order_id = :id""";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	DemoBackdating(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
	}

	/** The number of orders moved. */
	Mono<Integer> shift(List<Shift> shifts) {
		return tx.transactional(Flux.fromIterable(shifts).concatMap(this::shift).reduce(0, Integer::sum));
	}

	private Mono<Integer> shift(Shift shift) {
		return db.sql(SHIFT_ORDER)
			.bind("minutes", shift.minutes())
			.bind("id", shift.orderId())
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> (rows == 0) ? Mono.error(new BadRequestException("订单不存在：" + shift.orderId()))
					: db.sql(SHIFT_HISTORY)
						.bind("minutes", shift.minutes())
						.bind("id", shift.orderId())
						.fetch()
						.rowsUpdated()
						.thenReturn(1));
	}

}
