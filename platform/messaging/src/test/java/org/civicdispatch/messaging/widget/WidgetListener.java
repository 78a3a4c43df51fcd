package org.civicdispatch.messaging.widget;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.messaging.Correlation;
import org.civicdispatch.messaging.Inbox;
import org.civicdispatch.messaging.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code UserRegistered} the way a service would: counts it on a widget and
 * announces an {@code OrderPlaced} for it. A user whose name starts with "poison" can
 * never be applied (the effect fails), nor one whose name starts with "throw" (the effect
 * throws before it has a Mono).
 */
@Component
public class WidgetListener {

	public static final String GROUP = "messaging-test";

	private static final Logger log = LoggerFactory.getLogger(WidgetListener.class);

	private final Inbox inbox;

	private final Widgets widgets;

	private final Outbox outbox;

	/**
	 * The MDC correlation id seen while applying each user's event (empty string when
	 * none).
	 */
	public final Map<UUID, String> requestIdInLog = new ConcurrentHashMap<>();

	/**
	 * The MDC trace id seen while applying each user's event (empty string when none).
	 */
	public final Map<UUID, String> traceIdInLog = new ConcurrentHashMap<>();

	/** Attempts to apply each user's event. */
	public final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();

	public WidgetListener(Inbox inbox, Widgets widgets, Outbox outbox) {
		this.inbox = inbox;
		this.widgets = widgets;
		this.outbox = outbox;
	}

	@KafkaListener(topics = Topics.VOLUNTEER_EVENTS, groupId = GROUP + "${civic.messaging.group-suffix:}",
			autoStartup = "${widget.listening:true}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return this.inbox.consume(record, this::apply);
	}

	Mono<Void> apply(IntegrationEvent event) {
		return switch (event) {
			case UserRegistered user when user.name().startsWith("poison") -> Mono.fromRunnable(() -> count(user))
				.then(Mono.error(new IllegalStateException("cannot apply " + user.name())));
			case UserRegistered user when user.name().startsWith("throw") -> {
				count(user);
				throw new IllegalArgumentException("threw instead of returning a Mono for " + user.name());
			}
			case UserRegistered user -> this.widgets.apply(user.userId(), user.name()).doOnSuccess(done -> {
				count(user);
				this.requestIdInLog.put(user.userId(), Optional.ofNullable(MDC.get(Correlation.MDC_KEY)).orElse(""));
				this.traceIdInLog.put(user.userId(), Optional.ofNullable(MDC.get("traceId")).orElse(""));
				log.info("Applied {}", user.userId());
			}).then(this.outbox.append(Widgets.placed(user.userId(), "for " + user.name())));
			default -> Mono.empty();
		};
	}

	private void count(UserRegistered user) {
		this.attempts.merge(user.userId(), 1, Integer::sum);
	}

}
