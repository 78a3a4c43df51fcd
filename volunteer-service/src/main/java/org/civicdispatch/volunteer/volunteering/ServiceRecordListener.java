package org.civicdispatch.volunteer.volunteering;

import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.Inbox;
import org.civicdispatch.volunteer.Sql;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds 志愿服务记录 from {@code OrderEvaluated}: one record per volunteer per order with the
 * approved hours. The inbox makes a redelivered event a no-op; the primary key
 * (volunteer, order) keeps a second event about the same order from counting twice too.
 * Volunteers this service does not know are skipped.
 */
@Component
class ServiceRecordListener {

	/**
	 * Of the order events, only an evaluation and an appeal decision touch service
	 * records: the others cost no inbox transaction.
	 */
	private static final Set<Class<? extends IntegrationEvent>> APPLIES = Set.of(OrderEvaluated.class,
			AppealDecided.class);

	/**
	 * The content of a record whose order's title the event did not carry (events
	 * published before it did).
	 */
	static final String UNTITLED = "志愿服务订单";

	/**
	 * One record per volunteer and order, dated the day it is recorded (China time), at
	 * the order's station: the station is both the place and the organising unit.
	 */
	private static final String INSERT = """
			insert into service_records (volunteer_id, order_id, team_id, category, hours, content, place, org_unit_id,
			                             served_on)
			select v.user_id, :orderId, :teamId, :category, :hours, :content, u.name, u.id,
			       (now() at time zone 'Asia/Shanghai')::date
			from volunteers v left join org_units u on u.id = :stationId
			where v.user_id = :volunteerId
			""";

	private final Inbox inbox;

	private final DatabaseClient database;

	ServiceRecordListener(Inbox inbox, DatabaseClient database) {
		this.inbox = inbox;
		this.database = database;
	}

	@KafkaListener(topics = Topics.ORDER_EVENTS, groupId = "volunteer-service${civic.messaging.group-suffix:}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return inbox.consume(record, APPLIES, this::apply);
	}

	Mono<Void> apply(IntegrationEvent event) {
		if (event instanceof OrderEvaluated evaluated) {
			return Flux.fromIterable(evaluated.volunteers()).concatMap((hours) -> record(evaluated, hours)).then();
		}
		if (event instanceof AppealDecided decided && decided.upheld()) {
			return Flux.fromIterable(decided.volunteers()).concatMap((hours) -> revise(decided, hours)).then();
		}
		return Mono.empty();
	}

	/**
	 * 申诉 upheld: the record takes the revised hours (and is made if the evaluation made
	 * none).
	 */
	private Mono<Void> revise(AppealDecided decided, ApprovedHours hours) {
		var spec = database.sql(INSERT + """
				on conflict (volunteer_id, order_id) where order_id is not null do update set hours = excluded.hours
				""")
			.bind("orderId", decided.orderId())
			.bind("category", decided.category())
			.bind("hours", hours.approvedHours())
			.bind("volunteerId", hours.volunteerId())
			.bind("content", UNTITLED);
		return Sql
			.bindNullable(Sql.bindNullable(spec, "teamId", decided.teamId(), UUID.class), "stationId",
					decided.stationId(), UUID.class)
			.then();
	}

	private Mono<Void> record(OrderEvaluated evaluated, ApprovedHours hours) {
		var spec = database.sql(INSERT + """
				on conflict (volunteer_id, order_id) where order_id is not null do nothing
				""")
			.bind("orderId", evaluated.orderId())
			.bind("category", evaluated.category())
			.bind("hours", hours.approvedHours())
			.bind("volunteerId", hours.volunteerId())
			.bind("content", (evaluated.title() != null) ? evaluated.title() : UNTITLED);
		return Sql
			.bindNullable(Sql.bindNullable(spec, "teamId", evaluated.teamId(), UUID.class), "stationId",
					evaluated.stationId(), UUID.class)
			.then();
	}

}
