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
<<<<<<< HEAD
 * Only the broker stops; its KRaft controller (in the same node) keeps running, which is
 * what a broker restart in production looks like to clients.
=======
 * {@link #stop()} shuts the node down cleanly, as a broker restart in production does, and
 * {@link #start()} brings it back with the data it had.
>>>>>>> 8ec0c66 (platform/embedded: one embedded PostgreSQL and one KRaft broker (a JVM of its own started through Kafka's command line) for the local stack and the tests)
 */
public final class StoppableKafka implements KafkaServer, AutoCloseable {

	private final EmbeddedKafka kafka;

	private StoppableKafka(EmbeddedKafka kafka) {
		this.kafka = kafka;
	}

	static StoppableKafka launch() {
<<<<<<< HEAD
		// A restarted broker can register again only once the controller has given up on
		// its
		// previous incarnation: keep that session short so start() takes seconds, not
		// ten.
		return new StoppableKafka(EmbeddedKafkaServer
			.startBroker(Map.of("broker.session.timeout.ms", "2000", "broker.heartbeat.interval.ms", "250")));
=======
		// A restarted broker can register again only once the controller has given up on its
		// previous incarnation: keep that session short so start() takes seconds, not ten.
		return new StoppableKafka(EmbeddedTestKafka.startBroker(
				Map.of("broker.session.timeout.ms", "2000", "broker.heartbeat.interval.ms", "250")));
>>>>>>> 8ec0c66 (platform/embedded: one embedded PostgreSQL and one KRaft broker (a JVM of its own started through Kafka's command line) for the local stack and the tests)
	}

	@Override
	public String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public boolean isRunning() {
		return this.kafka.isRunning();
	}

<<<<<<< HEAD
	/**
	 * Stops the broker; clients see connection refused on its address until
	 * {@link #start()}.
	 */
	public synchronized void stop() {
		if (this.running) {
			BrokerServer broker = broker();
			broker.shutdown(Duration.ofSeconds(10));
			broker.awaitShutdown();
			this.running = false;
		}
=======
	/** Stops the broker; clients see connection refused on its address until {@link #start()}. */
	public void stop() {
		this.kafka.stop();
>>>>>>> 8ec0c66 (platform/embedded: one embedded PostgreSQL and one KRaft broker (a JVM of its own started through Kafka's command line) for the local stack and the tests)
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
