package org.civicdispatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrderStarted;
import org.civicdispatch.events.Topics;
import org.junit.jupiter.api.Test;

class StoppableKafkaTests {

	@Test
	void aRecordSentWhileTheBrokerIsDownArrivesOnceItIsBack() throws Exception {
		UUID orderId = UUID.randomUUID();
		EventEnvelope<OrderStarted> event = EventEnvelope.of("/order-service",
				new OrderStarted(orderId, UUID.randomUUID(), UUID.randomUUID()));

		try (StoppableKafka kafka = Infra.startExtraKafkaBroker();
				KafkaProducer<String, String> producer = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
								ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
								ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
						new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, "warm-up", "{}")).get(20, TimeUnit.SECONDS);

			kafka.stop();
			assertThat(kafka.isRunning()).isFalse();
			assertThat(accepts(kafka.bootstrapServers())).isFalse();
			// send() itself may block while the producer has no broker, as a relay's
			// would
			CompletableFuture<RecordMetadata> sent = CompletableFuture.supplyAsync(() -> {
				try {
					return producer
						.send(new ProducerRecord<>(Topics.ORDER_EVENTS, event.subject(), EventProbe.toJson(event)))
						.get();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			Thread.sleep(1_500);
			assertThat(sent).isNotDone();

			kafka.start();

			assertThat(accepts(kafka.bootstrapServers())).isTrue();
			assertThat(sent.get(45, TimeUnit.SECONDS).topic()).isEqualTo(Topics.ORDER_EVENTS);
			try (EventProbe probe = EventProbe.onBroker(kafka.bootstrapServers(), Topics.ORDER_EVENTS)) {
				assertThat(probe
					.awaitOne(OrderStarted.class, e -> e.data().orderId().equals(orderId), Duration.ofSeconds(20))
					.id()).isEqualTo(event.id());
			}
		}
	}

	private static boolean accepts(String bootstrapServers) {
		String[] hostAndPort = bootstrapServers.split(",")[0].split(":");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 1_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
