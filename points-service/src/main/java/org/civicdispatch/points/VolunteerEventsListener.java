package org.civicdispatch.points;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.Topics;
import org.civicdispatch.points.earning.ActivityEarning;
import org.civicdispatch.points.people.People;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * points-service's one consumer of {@code volunteer.events.v1}: the people it knows of and the
 * activities whose attendees it awards read the same records, each applying the events it handles
 * once (their inbox). One consumer group, so a record nobody can read goes to the DLT once.
 */
@Component
class VolunteerEventsListener {

	private final People people;

	private final ActivityEarning activities;

	VolunteerEventsListener(People people, ActivityEarning activities) {
		this.people = people;
		this.activities = activities;
	}

	@KafkaListener(topics = Topics.VOLUNTEER_EVENTS, groupId = "points-service${civic.messaging.group-suffix:}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return this.people.on(record).then(Mono.defer(() -> this.activities.on(record)));
	}

}
