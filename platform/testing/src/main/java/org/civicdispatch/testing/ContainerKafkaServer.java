package org.civicdispatch.testing;

import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka (KRaft) in a container, for machines with a container engine. */
final class ContainerKafkaServer extends ManagedKafkaServer {

	static final String IMAGE = "apache/kafka:4.1.2";

	private final KafkaContainer container;

	private ContainerKafkaServer(KafkaContainer container) {
		this.container = container;
	}

	static ContainerKafkaServer start() {
		KafkaContainer container = new KafkaContainer(IMAGE);
		EventTopics.BROKER_PROPERTIES
			.forEach((name, value) -> container.withEnv("KAFKA_" + name.toUpperCase().replace('.', '_'), value));
		container.start();
		ContainerKafkaServer server = new ContainerKafkaServer(container);
		EventTopics.ensure(server.bootstrapServers(), EventTopics.ALL);
		return server;
	}

	@Override
	public String bootstrapServers() {
		return this.container.getBootstrapServers();
	}

	@Override
	void stop() {
		this.container.stop();
	}

}
