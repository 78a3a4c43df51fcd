package org.civicdispatch.messaging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.civicdispatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes a record a consumer gave up on to {@code <topic>.DLT}, keyed as before, with
 * the original headers and the same {@code kafka_dlt-*} headers Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} writes (original topic/partition/offset/group,
 * exception class, message and stack trace). The DLT partition is left to the
 * partitioner, so the DLT may have any number of partitions.
 */
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final KafkaTemplate<String, String> kafka;

	private final List<Recorder> recorders;

	public DeadLetters(KafkaTemplate<String, String> kafka) {
		this(kafka, List.of());
	}

	public DeadLetters(KafkaTemplate<String, String> kafka, List<Recorder> recorders) {
		this.kafka = kafka;
		this.recorders = List.copyOf(recorders);
	}

	/** Told of every record that reached a dead-letter topic (for metrics). */
	public interface Recorder {

		void recorded(String deadLetterTopic);

	}

	/**
	 * Tells the recorders that a record reached {@code deadLetterTopic}, whoever
	 * published it.
	 */
	public void recorded(String deadLetterTopic) {
		for (Recorder recorder : this.recorders) {
			try {
				recorder.recorded(deadLetterTopic);
			}
			catch (RuntimeException ex) {
				log.warn("Could not record a dead letter on {}: {}", deadLetterTopic, ex.toString());
			}
		}
	}

	/**
	 * Publishes {@code record} to its dead-letter topic. Completes only once the broker
	 * has it: if the broker is unreachable this keeps trying (the record is not
	 * acknowledged meanwhile), because completing without it would lose the event.
	 */
	public Mono<Void> publish(ConsumerRecord<String, String> record, String consumer, Throwable error) {
		String topic = Topics.deadLetter(record.topic());
		return Mono.defer(() -> Mono.fromFuture(this.kafka.send(deadLetter(topic, record, consumer, error))))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(Schedulers.parallel())
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(
						signal -> log.warn("Could not publish to {} yet: {}", topic, signal.failure().toString())))
			.doOnSuccess(result -> {
				recorded(topic);
				log.error("Gave up on {}-{}@{} (consumer {}), moved to {}: {}", record.topic(), record.partition(),
						record.offset(), consumer, topic, error.toString(), error);
			})
			.then();
	}

	static ProducerRecord<String, String> deadLetter(String topic, ConsumerRecord<String, String> record,
			String consumer, Throwable error) {
		Headers headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")) {
				headers.add(header);
			}
		}
		add(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic());
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
				ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
				ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
		add(headers, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, record.timestampType().toString());
		add(headers, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, consumer);
		add(headers, KafkaHeaders.DLT_EXCEPTION_FQCN, error.getClass().getName());
		Throwable cause = rootCause(error);
		if (cause != error) {
			add(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, cause.getClass().getName());
		}
		add(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE, String.valueOf(error.getMessage()));
		add(headers, KafkaHeaders.DLT_EXCEPTION_STACKTRACE, stackTrace(error));
		return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
	}

	private static void add(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static Throwable rootCause(Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String stackTrace(Throwable error) {
		StringWriter trace = new StringWriter();
		error.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
