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
 * Moves orders back in time in order-service's own tables: when it was placed and last
 * changed, the preferred time, the accept deadline, acceptance, the due time, completion,
 * both ratings and every history entry, each with the step of the story that recorded it,
 * and the steps optionally spread apart. The order's story stays consistent, only
 * earlier; what the timers then see is what they would have seen: an accepted or
 * in-service order whose due time is now past is flagged overdue by the overdue sweep
 * (and {@code OrderOverdue} is raised today), a dispatched order whose accept deadline
 * passed goes to the next team. Events already published keep their times. All orders of
 * one request move in one transaction; an id that names no order changes nothing (400).
 */
@Component
@ConditionalOnProperty(name = "civic.demo.enabled", havingValue = "true")
class DemoBackdating {

	/**
	 * {@code minutes}: how far back the order's last step moves. {@code stepMinutes}: how
	 * far apart its steps then lie; each history entry moves that much further back than
	 * the one after it (0: the story keeps its own pace). An order made through the API
	 * in a few seconds so reads as one placed, accepted and completed over hours.
	 */
	record Shift(UUID orderId, int minutes, int stepMinutes) {
	}

	/**
	 * Each time of the order moves with the history entry that recorded it: placing with
	 * the first, the accept deadline with the last dispatch, acceptance and the due time
	 * (the SLA from it) with the acceptance, completion and the ratings with theirs; the
	 * last change by {@code minutes}.
	 */
	private static final String SHIFT_ORDER = """
			WITH steps AS (
			    SELECT max(seq) AS last,
			           max(seq) FILTER (WHERE action = 'DISPATCHED') AS dispatched,
			           max(seq) FILTER (WHERE action = 'ACCEPTED') AS accepted,
			           max(seq) FILTER (WHERE action = 'COMPLETED') AS completed,
			           max(seq) FILTER (WHERE action = 'RESIDENT_EVALUATED') AS resident_rated,
			           max(seq) FILTER (WHERE action = 'STAFF_EVALUATED') AS staff_rated
			    FROM order_history WHERE order_id = :id)
			UPDATE service_order o SET
			    created_at = created_at - back(:minutes + :step * s.last),
			    preferred_time = preferred_time - back(:minutes + :step * s.last),
			    updated_at = updated_at - back(:minutes),
			    accept_deadline = accept_deadline - back(:minutes + :step * (s.last - coalesce(s.dispatched, s.last))),
			    accepted_at = accepted_at - back(:minutes + :step * (s.last - coalesce(s.accepted, s.last))),
			    due_at = due_at - back(:minutes + :step * (s.last - coalesce(s.accepted, s.last))),
			    completed_at = completed_at - back(:minutes + :step * (s.last - coalesce(s.completed, s.last))),
			    resident_rated_at = resident_rated_at - back(:minutes + :step * (s.last - coalesce(s.resident_rated, s.last))),
			    staff_rated_at = staff_rated_at - back(:minutes + :step * (s.last - coalesce(s.staff_rated, s.last)))
			FROM steps s
			WHERE o.id = :id"""
		.replace("back(", "make_interval(mins => ");

	private static final String SHIFT_HISTORY = """
			UPDATE order_history h SET at = at - make_interval(mins => :minutes + :step * (s.last - h.seq))
			FROM (SELECT max(seq) AS last FROM order_history WHERE order_id = :id) s
			WHERE h.order_id = :id""";

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
			.bind("step", shift.stepMinutes())
			.bind("id", shift.orderId())
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> (rows == 0) ? Mono.error(new BadRequestException("订单不存在：" + shift.orderId()))
					: db.sql(SHIFT_HISTORY)
						.bind("minutes", shift.minutes())
						.bind("step", shift.stepMinutes())
						.bind("id", shift.orderId())
						.fetch()
						.rowsUpdated()
						.thenReturn(1));
	}

}
