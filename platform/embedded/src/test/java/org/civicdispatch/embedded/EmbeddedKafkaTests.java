package org.civicdispatch.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaTests {

	@TempDir
	Path temp;

	@Test
	void aRecordSurvivesARestartOnTheSameAddressWithTheSameDirectory() throws Exception {
		EmbeddedKafka.Builder builder = EmbeddedKafka.builder().dataDirectory(this.temp.resolve("kafka"));
		String address;
		try (EmbeddedKafka kafka = builder.start()) {
			address = kafka.bootstrapServers();
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", address),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>("kept.v1", "k", "before restart")).get();
			}
			kafka.stop();
			assertThat(kafka.isRunning()).isFalse();
			kafka.start();
			assertThat(kafka.bootstrapServers()).isEqualTo(address);
			assertThat(read(address, "kept.v1")).containsExactly("before restart");
		}
		assertThat(this.temp.resolve("kafka/meta.properties")).exists();
	}

	@Test
	void aThrowAwayBrokerTakesItsDirectoryWithIt() {
		Path logFile;
		try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
			logFile = kafka.logFile();
			assertThat(logFile).exists();
		}
		assertThat(Files.exists(logFile.getParent())).isFalse();
	}

	private static List<String> read(String bootstrapServers, String topic) {
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"embedded-kafka-tests", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.isEmpty() && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					values.add(record.value());
				}
			}
		}
		return values;
	}

}
