package org.civicdispatch.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.civicdispatch.events.Topics;

/**
 * The topics the services use, created before any test runs so that no producer, listener
 * or probe races topic auto-creation (a consumer that subscribes before a topic exists
 * can miss its first records).
 */
final class EventTopics {

	static final int PARTITIONS = 3;

	static final List<String> ALL = List.of(Topics.ORDER_EVENTS, Topics.deadLetter(Topics.ORDER_EVENTS),
			Topics.VOLUNTEER_EVENTS, Topics.deadLetter(Topics.VOLUNTEER_EVENTS), Topics.POINTS_EVENTS,
			Topics.deadLetter(Topics.POINTS_EVENTS));

	/**
	 * Broker settings that make a one-node test broker quick to serve its first consumer
	 * group.
	 */
	static final Map<String, String> BROKER_PROPERTIES = Map.of("auto.create.topics.enable", "true", "num.partitions",
			String.valueOf(PARTITIONS), "offsets.topic.num.partitions", "5", "offsets.topic.replication.factor", "1",
			"transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
			"group.initial.rebalance.delay.ms", "0");

	private EventTopics() {
	}

	/**
	 * Creates each topic that does not exist yet, with {@value #PARTITIONS} partitions.
	 */
	static void ensure(String bootstrapServers, List<String> topics) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			List<NewTopic> missing = new ArrayList<>();
			for (String topic : topics) {
				if (!existing.contains(topic)) {
					missing.add(new NewTopic(topic, PARTITIONS, (short) 1));
				}
			}
			if (missing.isEmpty()) {
				return;
			}
			try {
				admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw ex;
				}
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not create topics " + topics + " on " + bootstrapServers, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
