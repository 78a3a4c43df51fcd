package org.civicdispatch.testing;

import java.util.List;
import java.util.Map;

import org.civicdispatch.embedded.EmbeddedKafka;

/**
 * The platform's embedded Kafka on free ports, with a throw-away log directory and the
 * event topics.
 */
final class EmbeddedTestKafka extends ManagedKafkaServer {

	/**
	 * A test broker carries little: a small heap, and the quick-starting compiler only.
	 */
	private static final List<String> JAVA_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-XX:+ExitOnOutOfMemoryError");

	private final EmbeddedKafka kafka;

	private EmbeddedTestKafka(EmbeddedKafka kafka) {
		this.kafka = kafka;
	}

	static EmbeddedTestKafka start() {
		return new EmbeddedTestKafka(startBroker(Map.of()));
	}

	/** A broker with the event topics, not yet known to anyone. */
	static EmbeddedKafka startBroker(Map<String, String> extraProperties) {
		EmbeddedKafka kafka = EmbeddedKafka.builder()
			.javaOptions(JAVA_OPTIONS)
			.brokerProperties(EventTopics.BROKER_PROPERTIES)
			.brokerProperties(extraProperties)
			.start();
		try {
			EventTopics.ensure(kafka.bootstrapServers(), EventTopics.ALL);
		}
		catch (RuntimeException ex) {
			kafka.close();
			throw ex;
		}
		return kafka;
	}

	@Override
	public String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	@Override
	void stop() {
		this.kafka.close();
	}

}
