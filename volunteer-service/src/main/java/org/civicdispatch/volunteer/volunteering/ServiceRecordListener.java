package org.civicdispatch.volunteer.volunteering;

import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.Inbox;
import org.civicdispatch.volunteer.volunteering.VolunteerRepository.OrderService;

import org.springframework.kafka.annotation.KafkaListener;
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

	private final Inbox inbox;

	private final VolunteerRepository repository;

	ServiceRecordListener(Inbox inbox, VolunteerRepository repository) {
		this.inbox = inbox;
		this.repository = repository;
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
		return repository.reviseOrderService(new OrderService(hours.volunteerId(), decided.orderId(), decided.teamId(),
				decided.stationId(), decided.category(), hours.approvedHours(), UNTITLED));
	}

	private Mono<Void> record(OrderEvaluated evaluated, ApprovedHours hours) {
		return repository.recordOrderService(new OrderService(hours.volunteerId(), evaluated.orderId(),
				evaluated.teamId(), evaluated.stationId(), evaluated.category(), hours.approvedHours(),
				(evaluated.title() != null) ? evaluated.title() : UNTITLED));
	}

}
