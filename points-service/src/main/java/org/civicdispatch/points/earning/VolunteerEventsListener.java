package org.civicdispatch.points.earning;

import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.Inbox;
import org.civicdispatch.points.people.People;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * points-service's one consumer of {@code volunteer.events.v1}: each record is read once,
 * and the events it carries go to the people this service knows of or to the awards for a
 * completed activity, once each (the inbox). So a record nobody can read goes to the DLT
 * once.
 */
@Component
class VolunteerEventsListener {

	private static final Set<Class<? extends IntegrationEvent>> APPLIES = union(People.APPLIES,
			ActivityEarning.APPLIES);

	private final Inbox inbox;

	private final People people;

	private final ActivityEarning activities;

	VolunteerEventsListener(Inbox inbox, People people, ActivityEarning activities) {
		this.inbox = inbox;
		this.people = people;
		this.activities = activities;
	}

	@KafkaListener(topics = Topics.VOLUNTEER_EVENTS, groupId = "points-service${civic.messaging.group-suffix:}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return this.inbox.consumeEnvelope(record, APPLIES,
				(envelope) -> ActivityEarning.APPLIES.contains(envelope.data().getClass())
						? this.activities.apply(envelope) : this.people.apply(envelope.data()));
	}

	private static Set<Class<? extends IntegrationEvent>> union(Set<Class<? extends IntegrationEvent>> one,
			Set<Class<? extends IntegrationEvent>> other) {
		Set<Class<? extends IntegrationEvent>> all = new HashSet<>(one);
		all.addAll(other);
		return Set.copyOf(all);
	}

}
