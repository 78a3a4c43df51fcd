package org.civicdispatch.testing;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A one-node KRaft Kafka (broker and controller combined) running inside the test JVM.
 */
final class EmbeddedKafkaServer extends ManagedKafkaServer {

	private final EmbeddedKafkaKraftBroker broker;

	private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	static EmbeddedKafkaServer start() {
		return new EmbeddedKafkaServer(startBroker(Map.of()));
	}

	static EmbeddedKafkaKraftBroker startBroker(Map<String, String> extraProperties) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, EventTopics.PARTITIONS,
				EventTopics.ALL.toArray(String[]::new));
		broker.brokerProperties(EventTopics.BROKER_PROPERTIES);
		broker.brokerProperties(extraProperties);
		// The broker publishes its address as a system property; keep it away from
		// spring.kafka.bootstrap-servers, which each context gets from @WithRealInfra
		// instead.
		broker.brokerListProperty("civic.test.kafka.bootstrap-servers");
		broker.afterPropertiesSet();
		return broker;
	}

	@Override
	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	@Override
	void stop() {
		this.broker.destroy();
	}

}
