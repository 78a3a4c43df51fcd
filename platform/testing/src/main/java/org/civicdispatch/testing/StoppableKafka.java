package org.civicdispatch.testing;

import java.util.Map;

import org.civicdispatch.embedded.EmbeddedKafka;

/**
 * A Kafka broker of its own that a test can take down and bring back on the same address,
 * so that clients reconnect to it by themselves: "a row written while the broker is down
 * is published after it comes back". Get one from {@link Infra#startExtraKafkaBroker()},
 * point the application at {@link #bootstrapServers()}, and close it after the test
 * class.
 * <p>
 * {@link #stop()} shuts the node down cleanly, as a broker restart in production does,
 * and {@link #start()} brings it back with the data it had.
 */
public final class StoppableKafka implements KafkaServer, AutoCloseable {

	private final EmbeddedKafka kafka;

	private StoppableKafka(EmbeddedKafka kafka) {
		this.kafka = kafka;
	}

	static StoppableKafka launch() {
		// A restarted broker can register again only once the controller has given up on
		// its
		// previous incarnation: keep that session short so start() takes seconds, not
		// ten.
		return new StoppableKafka(EmbeddedTestKafka
			.startBroker(Map.of("broker.session.timeout.ms", "2000", "broker.heartbeat.interval.ms", "250")));
	}

	@Override
	public String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public boolean isRunning() {
		return this.kafka.isRunning();
	}

	/**
	 * Stops the broker; clients see connection refused on its address until
	 * {@link #start()}.
	 */
	public void stop() {
		this.kafka.stop();
	}

	/** Starts the broker again on the same address, with the data it had. */
	public void start() {
		this.kafka.start();
	}

	@Override
	public void close() {
		this.kafka.close();
	}

}
