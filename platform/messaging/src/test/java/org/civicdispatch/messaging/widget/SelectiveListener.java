package org.civicdispatch.messaging.widget;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.Inbox;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A second consumer of {@code volunteer.events.v1} that applies only
 * {@code OrgUnitCreated}, as a service does that reads one event type of a busy topic. It
 * listens only when {@code widget.selective=true}.
 */
@Component
public class SelectiveListener {

	public static final String GROUP = "messaging-test-selective";

	private static final Set<Class<? extends IntegrationEvent>> APPLIES = Set.of(OrgUnitCreated.class);

	private final Inbox inbox;

	private final Widgets widgets;

	/** How often the effect ran, per event (its aggregate id). */
	public final Map<String, Integer> effects = new ConcurrentHashMap<>();

	public SelectiveListener(Inbox inbox, Widgets widgets) {
		this.inbox = inbox;
		this.widgets = widgets;
	}

	@KafkaListener(topics = Topics.VOLUNTEER_EVENTS, groupId = GROUP + "${civic.messaging.group-suffix:}",
			autoStartup = "${widget.selective:false}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return this.inbox.consume(record, APPLIES, this::apply);
	}

	Mono<Void> apply(IntegrationEvent event) {
		this.effects.merge(event.aggregateId().toString(), 1, Integer::sum);
		return switch (event) {
			case OrgUnitCreated unit -> this.widgets.apply(unit.orgUnitId(), unit.name());
			default -> Mono.empty();
		};
	}

}
