package org.civicdispatch.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

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
 * Applies consumed events at most once per consumer group. In one transaction it records the event id in
 * {@code inbox} and, only if that id is new, runs the effect; a redelivered event changes nothing.
 * <p>
 * A listener returns the Mono from {@link #consume}; Spring Kafka acknowledges the record when it
 * completes. Spring Kafka does not hand a failed {@code Mono} to the container's error handler (only
 * {@code @RetryableTopic} listeners get async retries; others are acknowledged and logged), so retries
 * and dead-lettering happen here: a failing effect is retried with backoff
 * ({@code civic.messaging.consumer.*}), then the record goes to {@code <topic>.DLT} and the Mono
 * completes so the consumer moves on. A malformed record goes to the DLT at once; an event of an
 * unknown type is recorded and skipped. Records of one partition are applied one after the other, in
 * offset order, even though the container hands a whole poll over at once.
 * <p>
 * {@code consume} never throws: everything, including an effect that throws instead of returning a
 * failed Mono, happens inside the returned Mono. Keep listener methods to {@code return inbox.consume(...)}:
 * an exception thrown by the listener method itself goes to the container's error handler, whose
 * bookkeeping for async listeners can stop the partition (spring-kafka#4198, #4465).
 */
public class Inbox {

	private static final Logger log = LoggerFactory.getLogger(Inbox.class);

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
	 * Applies {@code effect} to the event in {@code record} once for the listener's consumer group. Call
	 * it on the listener thread (the group id is read from there) and return the Mono to Spring Kafka.
	 */
	public Mono<Void> consume(ConsumerRecord<String, String> record, Function<IntegrationEvent, Mono<Void>> effect) {
		return consumeEnvelope(record, envelope -> effect.apply(envelope.data()));
	}

	/** Like {@link #consume} for effects that need the envelope (event id, time, source). */
	public Mono<Void> consumeEnvelope(ConsumerRecord<String, String> record,
			Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		String group = KafkaUtils.getConsumerGroupId();
		return consumeEnvelope((group != null) ? group : this.defaultConsumer, record, effect);
	}

	/** Like {@link #consumeEnvelope(ConsumerRecord, Function)} with an explicit consumer name. */
	public Mono<Void> consumeEnvelope(String consumer, ConsumerRecord<String, String> record,
			Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		Objects.requireNonNull(consumer, "consumer");
		String requestId = header(record, Correlation.HEADER);
		int retries = Math.max(this.settings.getMaxAttempts() - 1, 0);
		Mono<Void> work = Mono.defer(() -> apply(consumer, record, effect))
			.retryWhen(Retry.backoff(retries, this.settings.getInitialBackoff())
				.maxBackoff(this.settings.getMaxBackoff())
				.filter(error -> !(error instanceof MalformedEventException))
				.doBeforeRetry(signal -> log.warn("Applying {}-{}@{} failed (attempt {} of {}), retrying: {}",
						record.topic(), record.partition(), record.offset(), signal.totalRetries() + 1, retries + 1,
						signal.failure().toString()))
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.onErrorResume(error -> this.deadLetters.publish(record, consumer, error))
			.contextWrite(Correlation.withRequestId(requestId));
		return inPartitionOrder(consumer + '|' + record.topic() + '|' + record.partition(), work);
	}

	private Mono<Void> apply(String consumer, ConsumerRecord<String, String> record,
			Function<EventEnvelope<IntegrationEvent>, Mono<Void>> effect) {
		EventEnvelope<IntegrationEvent> envelope;
		try {
			envelope = this.eventJson.read(record.value());
		}
		catch (UnknownEventTypeException unknown) {
			log.info("Skipping event {} of unknown type {} on {}", unknown.eventId(), unknown.type(), record.topic());
			return this.transactions.transactional(remember(consumer, unknown.eventId(), unknown.type())).then();
		}
		catch (MalformedEventException malformed) {
			return Mono.error(malformed);
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
	 * Runs {@code work} after the previous record of the same lane has finished. The container subscribes
	 * in offset order, on its consumer thread, so chaining at subscription keeps the partition's order.
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
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8)
				: null;
	}

}
