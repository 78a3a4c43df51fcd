package org.civicdispatch.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.civicdispatch.events.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Outbox, relay, inbox and Kafka defaults for every service that has this module on its
 * classpath. A service declares nothing but its {@code @KafkaListener}s; every default
 * here backs off when the service configures the same thing itself.
 */
@AutoConfiguration(
		after = { R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
				KafkaAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration" })
@ConditionalOnClass({ DatabaseClient.class, KafkaTemplate.class })
@ConditionalOnBean({ ConnectionFactory.class, ReactiveTransactionManager.class })
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventJson eventJson() {
		return new EventJson();
	}

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(DatabaseClient database, EventJson eventJson, MessagingProperties properties, Environment environment,
			ObjectProvider<OutboxTracing> tracing) {
		String source = Optional.ofNullable(properties.source())
			.filter(value -> !value.isBlank())
			.orElseGet(() -> "/" + environment.getProperty("spring.application.name", "application"));
		return new Outbox(database, eventJson, source, tracing.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetters deadLetters(KafkaTemplate<String, String> kafkaTemplate,
			ObjectProvider<DeadLetters.Recorder> recorders) {
		return new DeadLetters(kafkaTemplate, recorders.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	Inbox inbox(DatabaseClient database, ReactiveTransactionManager transactionManager, EventJson eventJson,
			DeadLetters deadLetters, MessagingProperties properties, Environment environment) {
		return new Inbox(database, TransactionalOperator.create(transactionManager), eventJson, deadLetters,
				properties.consumer(), environment.getProperty("spring.application.name", "application"));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "civic.messaging.relay.enabled", matchIfMissing = true)
	OutboxRelay outboxRelay(DatabaseClient database, ReactiveTransactionManager transactionManager,
			KafkaTemplate<String, String> kafkaTemplate, ConnectionFactory connectionFactory,
			MessagingProperties properties, ObjectProvider<OutboxTracing> tracing) {
		return new OutboxRelay(database, TransactionalOperator.create(transactionManager), kafkaTemplate,
				postgres(connectionFactory).orElse(null), properties.relay(), tracing.getIfAvailable());
	}

	/**
	 * With Micrometer Tracing: outbox rows keep the trace that wrote them, and the relay
	 * continues it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class Tracing {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean({ Tracer.class, Propagator.class })
		OutboxTracing outboxTracing(Tracer tracer, Propagator propagator) {
			return new OutboxTracing(tracer, propagator);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		OutboxMetrics outboxMetrics(DatabaseClient database) {
			return new OutboxMetrics(database, Duration.ofSeconds(15));
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterMetrics deadLetterMetrics() {
			return new DeadLetterMetrics();
		}

	}

	/**
	 * The driver's own factory under pools and proxies: LISTEN needs a connection of its
	 * own, outside the pool.
	 */
	static Optional<PostgresqlConnectionFactory> postgres(ConnectionFactory connectionFactory) {
		Object current = connectionFactory;
		for (int depth = 0; depth < 10 && current != null; depth++) {
			if (current instanceof PostgresqlConnectionFactory postgres) {
				return Optional.of(postgres);
			}
			current = (current instanceof Wrapped<?> wrapped) ? wrapped.unwrap() : null;
		}
		return Optional.empty();
	}

	/**
	 * For what reaches the listener container itself (records that cannot be
	 * deserialized, plain {@code void} listeners that throw): bounded retries, then the
	 * dead-letter topic. Mono listeners get their retries and dead letters from
	 * {@link Inbox} instead: Spring Kafka acknowledges a failed Mono without asking this
	 * handler.
	 */
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaErrorHandler(ProducerFactory<Object, Object> producerFactory,
			MessagingProperties properties, DeadLetters deadLetters) {
		// a record that failed deserialization is republished as the raw bytes it arrived
		// with
		KafkaTemplate<Object, Object> deadLetterTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				producerFactory.getConfigurationProperties(), stringOrBytes(), stringOrBytes()));
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(deadLetterTemplate,
				(record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		ConsumerRecordRecoverer recoverer = (record, exception) -> {
			publisher.accept(record, exception);
			deadLetters.recorded(Topics.deadLetter(record.topic()));
		};
		MessagingProperties.Consumer consumer = properties.consumer();
		ExponentialBackOff backOff = new ExponentialBackOff(consumer.initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(consumer.maxBackoff().toMillis());
		backOff.setMaxAttempts(Math.max(consumer.maxAttempts() - 1, 0));
		return new DefaultErrorHandler(recoverer, backOff);
	}

	private static Serializer<Object> stringOrBytes() {
		return new DelegatingByTypeSerializer(
				Map.of(byte[].class, new ByteArraySerializer(), String.class, new StringSerializer()), true);
	}

	/**
	 * Durable, ordered, idempotent sends that fail in seconds, not minutes, when the
	 * broker is down.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer civicProducerDefaults() {
		return factory -> {
			Map<String, Object> configured = factory.getConfigurationProperties();
			Map<String, Object> defaults = new LinkedHashMap<>();
			defaults.put(ProducerConfig.ACKS_CONFIG, "all");
			defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
			defaults.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
			defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
			defaults.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			defaults.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			Map<String, Object> missing = missing(configured, defaults);
			if (!missing.isEmpty()) {
				factory.updateConfigs(missing);
			}
		};
	}

	/**
	 * Read from the beginning when a group is new, and never loop on a record that cannot
	 * be deserialized.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer civicConsumerDefaults() {
		return factory -> {
			Map<String, Object> configured = factory.getConfigurationProperties();
			Map<String, Object> defaults = new LinkedHashMap<>();
			defaults.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			Map<String, Object> updates = missing(configured, defaults);
			wrapDeserializer(configured, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
					ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, updates);
			wrapDeserializer(configured, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
					ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, updates);
			if (!updates.isEmpty()) {
				factory.updateConfigs(updates);
			}
		};
	}

	private static void wrapDeserializer(Map<String, Object> configured, String property, String delegateProperty,
			Map<String, Object> updates) {
		Object deserializer = configured.get(property);
		if (deserializer == null || deserializer == StringDeserializer.class
				|| StringDeserializer.class.getName().equals(deserializer)) {
			updates.put(property, ErrorHandlingDeserializer.class);
			updates.put(delegateProperty, StringDeserializer.class);
		}
	}

	private static Map<String, Object> missing(Map<String, Object> configured, Map<String, Object> defaults) {
		Map<String, Object> missing = new LinkedHashMap<>();
		defaults.forEach((key, value) -> {
			if (!configured.containsKey(key)) {
				missing.put(key, value);
			}
		});
		return missing;
	}

	/**
	 * The event topics and their dead-letter topics, created at start-up when missing.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "civic.messaging.topics.create", matchIfMissing = true)
	@ConditionalOnBean(KafkaAdmin.class)
	KafkaAdmin.NewTopics civicTopics(MessagingProperties properties) {
		List<NewTopic> topics = new ArrayList<>();
		for (String topic : List.of(Topics.ORDER_EVENTS, Topics.VOLUNTEER_EVENTS, Topics.POINTS_EVENTS)) {
			topics.add(topic(topic, properties.topics()));
			topics.add(topic(Topics.deadLetter(topic), properties.topics()));
		}
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	private static NewTopic topic(String name, MessagingProperties.Topics settings) {
		TopicBuilder builder = TopicBuilder.name(name);
		if (settings.partitions() != null) {
			builder.partitions(settings.partitions());
		}
		if (settings.replicas() != null) {
			builder.replicas(settings.replicas());
		}
		return builder.build();
	}

}
