package org.civicdispatch.testing;

import java.time.Duration;
import java.util.Map;

import kafka.server.BrokerServer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A Kafka broker of its own that a test can take down and bring back on the same address,
 * so that clients reconnect to it by themselves: "a row written while the broker is down
 * is published after it comes back". Get one from {@link Infra#startExtraKafkaBroker()},
 * point the application at {@link #bootstrapServers()}, and close it after the test
 * class.
 * <p>
 * Only the broker stops; its KRaft controller (in the same node) keeps running, which is
 * what a broker restart in production looks like to clients.
 */
public final class StoppableKafka implements KafkaServer, AutoCloseable {

	private final EmbeddedKafkaKraftBroker kafka;

	private final String bootstrapServers;

	private boolean running = true;

	private StoppableKafka(EmbeddedKafkaKraftBroker kafka) {
		this.kafka = kafka;
		this.bootstrapServers = kafka.getBrokersAsString();
	}

	static StoppableKafka launch() {
		// A restarted broker can register again only once the controller has given up on
		// its
		// previous incarnation: keep that session short so start() takes seconds, not
		// ten.
		return new StoppableKafka(EmbeddedKafkaServer
			.startBroker(Map.of("broker.session.timeout.ms", "2000", "broker.heartbeat.interval.ms", "250")));
	}

	@Override
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	public synchronized boolean isRunning() {
		return this.running;
	}

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
	}

	/** Starts the broker again on the same address, with the data it had. */
	public synchronized void start() {
		if (!this.running) {
			broker().startup();
			this.running = true;
		}
	}

	@Override
	public synchronized void close() {
		this.kafka.destroy();
		this.running = false;
	}

	private BrokerServer broker() {
		return this.kafka.getCluster().brokers().values().iterator().next();
	}

}
