package org.civicdispatch.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.IntegrationEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.kafka.support.KafkaUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies consumed events at most once per consumer group. In one transaction it records
 * the event id in {@code inbox} and, only if that id is new, runs the effect; a
 * redelivered event changes nothing.
 * <p>
 * A listener returns the Mono from {@link #consume}; Spring Kafka acknowledges the record
 * when it completes. Spring Kafka does not hand a failed {@code Mono} to the container's
 * error handler (only {@code @RetryableTopic} listeners get async retries; others are
 * acknowledged and logged), so retries and dead-lettering happen here: a failing effect
 * is retried with backoff ({@code civic.messaging.consumer.*}), then the record goes to
 * {@code <topic>.DLT} and the Mono completes so the consumer moves on. A malformed record
 * goes to the DLT at once; an event of an unknown type is recorded and skipped. Records
 * of one partition are applied one after the other, in offset order, even though the
 * container hands a whole poll over at once.
 * <p>
 * A listener that acts on a few event types of a topic names them ({@code applies}): a
 * record of any other type is acknowledged once parsed, with no transaction and no inbox
 * row (an event of an unknown type included). Malformed records still go to the DLT.
 * <p>
 * {@code consume} never throws: everything, including an effect that throws instead of
 * returning a failed Mono, happens inside the returned Mono. Keep listener methods to
 * {@code return inbox.consume(...)}: an exception thrown by the listener method itself
 * goes to the container's error handler, whose bookkeeping for async listeners can stop
 * the partition (spring-kafka#4198, #4465).
 * <p>
 * With listener observation on ({@code spring.kafka.listener.observation-enabled}), the
 * container's observation of the record (its span continues the record's
 * {@code traceparent}) is current on the listener thread when the returned Mono is
 * subscribed: it is taken into the Reactor context then, so the effect's log lines carry
 * its trace id and the events it appends continue its trace.
 */
public class Inbox {

	private static final Logger log = LoggerFactory.getLogger(Inbox.class);

	/**
	 * Every event type: the listener's effect sees them all (and decides itself what to
	 * ignore).
	 */
	private static final Predicate<IntegrationEvent> ALL = event -> true;

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final EventJson eventJson;

	private final DeadLetters deadLetters;

	private final MessagingProperties.Consumer settings;

	private final String defaultConsumer;

	/** Per consumer and partition, the completion of the last record handed over. */
	private final ConcurrentMap<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();

	public Inbox(DatabaseClient database, TransactionalOperator transactions, EventJson eventJson,
			DeadLetters deadLetters, MessagingProperties.Consumer settings, String defaultConsumer) {
		this.database = database;
		this.transactions = transactions;
		this.eventJson = eventJson;
		this.deadLetters = deadLetters;
		this.settings = settings;
		this.defaultConsumer = defaultConsumer;
	}

	/**
	 * Applies {@code effect} to the event in {@code record} once for the listener's
	 * consumer group. Call it on the listener thread (the group id is read from there)
	 * and return the Mono to Spring Kafka.
	 */
	public Mono<Void> consume(ConsumerRecord<String, String> record, Function<IntegrationEvent, Mono<Void>> effect) {
		return consumeEnvelope(record, envelope -> effect.apply(envelope.data()));
	}

	/**
	 * Like {@link #consume(ConsumerRecord, Function)} for a listener that acts only on
	 * events of the {@code applies} types (records or their sealed interfaces): any other
	 * event is acknowledged without a transaction or an inbox row, and {@code effect}
	 * never sees it. Pass a constant set.
	 */
	public Mono<Void> consume(ConsumerRecord<String, String> record, Set<Class<? extends IntegrationEvent>> applies,
			Function<IntegrationEvent, Mono<Void>> effect) {
		return consumeEnvelope(record, applies, envelope -> effect.apply(envelope.data()));
	}

	/**
	 * Like {@link #consume} for effects that need the envelope (event id, time, source).
	 */
	public Mono<Void> consumeEnvelope(ConsumerRecord<String, String> record,
			Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		return consume(listenerGroup(), record, ALL, effect);
	}

	/**
	 * Like {@link #consume(ConsumerRecord, Set, Function)} for effects that need the
	 * envelope.
	 */
	public Mono<Void> consumeEnvelope(ConsumerRecord<String, String> record,
			Set<Class<? extends IntegrationEvent>> applies,
			Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		return consume(listenerGroup(), record, appliesTo(applies), effect);
	}

	/**
	 * Like {@link #consumeEnvelope(ConsumerRecord, Function)} with an explicit consumer
	 * name.
	 */
	public Mono<Void> consumeEnvelope(String consumer, ConsumerRecord<String, String> record,
			Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		return consume(consumer, record, ALL, effect);
	}

	/**
	 * Tests an event against {@code applies}; a null set fails inside the Mono (consume
	 * never throws).
	 */
	private static Predicate<IntegrationEvent> appliesTo(Set<Class<? extends IntegrationEvent>> applies) {
		return event -> {
			Objects.requireNonNull(applies, "applies");
			for (Class<? extends IntegrationEvent> type : applies) {
				if (type.isInstance(event)) {
					return true;
				}
			}
			return false;
		};
	}

	private String listenerGroup() {
		String group = KafkaUtils.getConsumerGroupId();
		return (group != null) ? group : this.defaultConsumer;
	}

	private Mono<Void> consume(String consumer, ConsumerRecord<String, String> record,
			Predicate<IntegrationEvent> applies, Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		Objects.requireNonNull(consumer, "consumer");
		String requestId = header(record, Correlation.HEADER);
		int retries = Math.max(this.settings.maxAttempts() - 1, 0);
		Mono<Void> work = Mono.defer(() -> apply(consumer, record, applies, effect))
			.retryWhen(Retry.backoff(retries, this.settings.initialBackoff())
				.maxBackoff(this.settings.maxBackoff())
				.filter(error -> !(error instanceof MalformedEventException))
				.doBeforeRetry(signal -> log.warn("Applying {}-{}@{} failed (attempt {} of {}), retrying: {}",
						record.topic(), record.partition(), record.offset(), signal.totalRetries() + 1, retries + 1,
						signal.failure().toString()))
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.onErrorResume(error -> this.deadLetters.publish(record, consumer, error))
			.contextWrite(Correlation.withRequestId(requestId));
		return inPartitionOrder(consumer + '|' + record.topic() + '|' + record.partition(), work)
			.contextWrite(ListenerObservation::capture);
	}

	private Mono<Void> apply(String consumer, ConsumerRecord<String, String> record,
			Predicate<IntegrationEvent> applies, Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		EventEnvelope<IntegrationEvent> envelope;
		try {
			envelope = this.eventJson.read(record.value());
		}
		catch (UnknownEventTypeException unknown) {
			if (applies != ALL) {
				log.debug("Skipping event {} of unknown type {} on {}: not applied by {}", unknown.eventId(),
						unknown.type(), record.topic(), consumer);
				return Mono.empty();
			}
			log.info("Skipping event {} of unknown type {} on {}", unknown.eventId(), unknown.type(), record.topic());
			return this.transactions.transactional(remember(consumer, unknown.eventId(), unknown.type())).then();
		}
		catch (MalformedEventException malformed) {
			return Mono.error(malformed);
		}
		if (!applies.test(envelope.data())) {
			log.trace("Event {} ({}) is not applied by {}; acknowledged", envelope.id(), envelope.type(), consumer);
			return Mono.empty();
		}
		return this.transactions.transactional(remember(consumer, envelope.id(), envelope.type()).flatMap(isNew -> {
			if (!isNew) {
				log.debug("Event {} ({}) already applied by {}; skipping", envelope.id(), envelope.type(), consumer);
				return Mono.empty();
			}
			log.debug("Applying event {} ({}) for {}", envelope.id(), envelope.type(), consumer);
			return Objects.requireNonNull(effect.apply(envelope), "effect returned null");
		}));
	}

	/** Records the event id; true when this consumer had not seen it before. */
	private Mono<Boolean> remember(String consumer, String eventId, String type) {
		return this.database
			.sql("INSERT INTO inbox (consumer, event_id, type) VALUES (:consumer, :eventId, :type) "
					+ "ON CONFLICT DO NOTHING")
			.bind("consumer", consumer)
			.bind("eventId", eventId)
			.bind("type", type)
			.fetch()
			.rowsUpdated()
			.map(rows -> rows > 0);
	}

	/**
	 * Runs {@code work} after the previous record of the same lane has finished. The
	 * container subscribes in offset order, on its consumer thread, so chaining at
	 * subscription keeps the partition's order.
	 */
	private Mono<Void> inPartitionOrder(String lane, Mono<Void> work) {
		return Mono.defer(() -> {
			CompletableFuture<Void> done = new CompletableFuture<>();
			CompletableFuture<Void> previous = this.lanes.put(lane, done);
			Mono<Void> afterPrevious = (previous != null) ? Mono.fromFuture(previous, true).onErrorComplete()
					: Mono.empty();
			return afterPrevious.then(work).doFinally(signal -> {
				this.lanes.remove(lane, done);
				done.complete(null);
			});
		});
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
