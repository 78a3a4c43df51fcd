package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * What a service gets from the dependency alone, and that its own settings always win.
 */
class MessagingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
						KafkaAutoConfiguration.class, MessagingAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://localhost:1/nothing", "spring.r2dbc.username=nobody",
				"spring.application.name=order-service", "civic.messaging.relay.enabled=false",
				"civic.messaging.topics.create=false");

	@Test
	void aServiceGetsOutboxInboxAndSafeKafkaDefaults() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(Outbox.class)
				.hasSingleBean(Inbox.class)
				.hasSingleBean(OutboxMetrics.class)
				.doesNotHaveBean(OutboxRelay.class);
			assertThat(context.getBean(Outbox.class).source()).isEqualTo("/order-service");
			assertThat(context.getBean(CommonErrorHandler.class)).isInstanceOf(DefaultErrorHandler.class);
			Map<String, Object> producer = context.getBean(ProducerFactory.class).getConfigurationProperties();
			assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
				.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
				.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000)
				.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
			Map<String, Object> consumer = context.getBean(ConsumerFactory.class).getConfigurationProperties();
			assertThat(consumer).containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
				.containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class)
				.containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		});
	}

	@Test
	void explicitKafkaSettingsOfTheServiceWin() {
		this.runner
			.withPropertyValues("spring.kafka.producer.acks=1", "spring.kafka.consumer.auto-offset-reset=latest",
					"spring.kafka.producer.properties[delivery.timeout.ms]=60000",
					"spring.kafka.properties[max.block.ms]=2000", "civic.messaging.source=/custom")
			.run(context -> {
				assertThat(context.getBean(Outbox.class).source()).isEqualTo("/custom");
				Map<String, Object> producer = context.getBean(ProducerFactory.class).getConfigurationProperties();
				assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "1")
					.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000")
					.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
				assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties())
					.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
			});
	}

	@Test
	void theRelayIsOnByDefaultAndUsesTheDriversOwnFactoryForListen() {
		this.runner.withPropertyValues("civic.messaging.relay.enabled=true", "civic.messaging.relay.listen=false")
			.run(context -> {
				assertThat(context).hasSingleBean(OutboxRelay.class);
				assertThat(MessagingAutoConfiguration.postgres(context.getBean(io.r2dbc.spi.ConnectionFactory.class)))
					.isPresent();
			});
	}

	@Test
	void settingsHaveTheirDocumentedNamesAndDefaults() {
		this.runner.run(context -> {
			MessagingProperties settings = context.getBean(MessagingProperties.class);
			assertThat(settings.source()).isNull();
			assertThat(settings.groupSuffix()).isEmpty();
			assertThat(settings.relay()).isEqualTo(new MessagingProperties.Relay(false, Duration.ofSeconds(2), 100,
					true, Duration.ofDays(7), Duration.ofMillis(500), Duration.ofSeconds(30)));
			assertThat(settings.consumer())
				.isEqualTo(new MessagingProperties.Consumer(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
			assertThat(settings.topics()).isEqualTo(new MessagingProperties.Topics(false, null, null));
		});
		this.runner
			.withPropertyValues("civic.messaging.group-suffix=-t1", "civic.messaging.relay.poll-interval=1m",
					"civic.messaging.relay.listen=false", "civic.messaging.relay.batch-size=7",
					"civic.messaging.relay.retention=0", "civic.messaging.relay.initial-backoff=1s",
					"civic.messaging.relay.max-backoff=2m", "civic.messaging.consumer.max-attempts=5",
					"civic.messaging.consumer.initial-backoff=50ms", "civic.messaging.consumer.max-backoff=200ms",
					"civic.messaging.topics.partitions=6", "civic.messaging.topics.replicas=3")
			.run(context -> {
				MessagingProperties settings = context.getBean(MessagingProperties.class);
				assertThat(settings.groupSuffix()).isEqualTo("-t1");
				assertThat(settings.relay()).isEqualTo(new MessagingProperties.Relay(false, Duration.ofMinutes(1), 7,
						false, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(2)));
				assertThat(settings.consumer())
					.isEqualTo(new MessagingProperties.Consumer(5, Duration.ofMillis(50), Duration.ofMillis(200)));
				assertThat(settings.topics()).isEqualTo(new MessagingProperties.Topics(false, 6, (short) 3));
			});
	}

	@Test
	void logsCarryTheCorrelationIdAndReactorPropagatesItUnlessTheServiceSaysOtherwise() {
		StandardEnvironment environment = new StandardEnvironment();
		new MessagingEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		// with tracing on the classpath (as here and in every service) the trace and span
		// ids come first
		assertThat(environment.getProperty("logging.pattern.correlation"))
			.isEqualTo("[%X{traceId:-},%X{spanId:-}] [%X{requestId:-}] ");
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled")).isEqualTo("true");
	}

}
