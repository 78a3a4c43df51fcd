package org.civicdispatch.messaging;

import java.time.Clock;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The {@link Sweeper} that runs every {@link Sweep} bean of a service with a database,
 * and the {@link IdempotencyKeys} store with its retention sweep for services that turn
 * it on ({@code civic.idempotency.enabled}).
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnBean(ConnectionFactory.class)
@EnableConfigurationProperties(SweepProperties.class)
public class SweepAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Sweeper sweeper(ObjectProvider<Sweep> sweeps, SweepProperties properties) {
		return new Sweeper(sweeps.orderedStream().toList(), properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("civic.idempotency.enabled")
	@EnableConfigurationProperties(IdempotencyProperties.class)
	static class Idempotency {

		@Bean
		@ConditionalOnMissingBean
		IdempotencyKeys idempotencyKeys(DatabaseClient database) {
			return new IdempotencyKeys(database);
		}

		@Bean
		IdempotencyKeySweep idempotencyKeySweep(IdempotencyKeys keys, IdempotencyProperties properties,
				ObjectProvider<Clock> clock) {
			return new IdempotencyKeySweep(keys, properties, clock.getIfAvailable(Clock::systemUTC));
		}

	}

}
