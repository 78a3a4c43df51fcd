package org.civicdispatch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.civicdispatch.messaging.widget.WidgetApplication;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The {@link Sweeper} runs a service's {@link Sweep} beans on their intervals and when
 * woken, and the {@link IdempotencyKeys} store answers a repeated key with the first
 * answer until the retention sweep forgets it (real PostgreSQL).
 */
@SpringBootTest(classes = { WidgetApplication.class, SweepAndIdempotencyIntegrationTests.Sweeps.class },
		properties = { "civic.messaging.relay.poll-interval=1m", "widget.listening=false", "civic.sweep.interval=1h",
				"civic.idempotency.enabled=true", "civic.idempotency.retention=1s" })
@WithRealInfra
class SweepAndIdempotencyIntegrationTests {

	@Autowired
	Sweeper sweeper;

	@Autowired
	Sweeps sweeps;

	@Autowired
	IdempotencyKeys keys;

	@Autowired
	DatabaseClient database;

	@Autowired
	TransactionalOperator transactions;

	@Test
	void aSweepWithAnIntervalOfItsOwnRunsAgainAndAgainAndAFailureDoesNotStopIt() {
		int before = sweeps.fast.get();

		await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.fast.get() >= before + 3);
		await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.failing.get() > Sweeps.FAILURES);
	}

	@Test
	void sweepsOnTheSharedIntervalRunAtStartAndAgainWhenWoken() {
		// the shared interval is an hour: every run after the first at start-up comes
		// from a wake-up
		await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.shared.get() >= 1);
		int before = sweeps.shared.get();

		sweeper.wake();

		await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.shared.get() > before);
	}

	@Test
	void aRepeatedKeyGetsTheFirstAnswerAndAKeyIsForgottenAfterTheRetention() {
		UUID user = UUID.randomUUID();
		UUID first = UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

		Boolean reserved = transactions
			.transactional(keys.reserve(user, "retry-1", "hash-a", now, first, 201, "{\"id\":\"" + first + "\"}"))
			.block();
		Boolean again = transactions
			.transactional(keys.reserve(user, "retry-1", "hash-a", now, UUID.randomUUID(), 201, "{}"))
			.block();
		IdempotencyKeys.StoredResponse stored = keys.find(user, "retry-1").block();

		assertThat(reserved).isTrue();
		assertThat(again).as("the key was taken").isFalse();
		assertThat(stored.requestHash()).isEqualTo("hash-a");
		assertThat(stored.status()).isEqualTo(201);
		assertThat(stored.resourceId()).isEqualTo(first);
		assertThat(stored.body()).isEqualTo("{\"id\":\"" + first + "\"}");
		// the same key of another user is another key; a service that stores no body
		// reads it back as null
		assertThat(keys.reserve(UUID.randomUUID(), "retry-1", "hash-b", now, UUID.randomUUID(), 201, null).block())
			.isTrue();

		// retention 1 s, the key sweep on the shared interval runs when woken
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
			sweeper.wake();
			return keys.find(user, "retry-1").blockOptional().isEmpty();
		});
		assertThat(keys.reserve(user, "retry-1", "hash-c", Instant.now(), UUID.randomUUID(), 201, null).block())
			.as("a forgotten key is free again")
			.isTrue();
	}

	@Test
	void aReservationThatRollsBackLeavesTheKeyFree() {
		UUID user = UUID.randomUUID();
		Mono<Boolean> failing = keys.reserve(user, "k", "hash", Instant.now(), UUID.randomUUID(), 201, null)
			.then(Mono.error(new IllegalStateException("rolled back on purpose")));

		assertThat(transactions.transactional(failing).onErrorResume(error -> Mono.empty()).block()).isNull();

		assertThat(keys.find(user, "k").blockOptional()).isEmpty();
	}

	@Test
	void aConcurrentRepeatWaitsForTheFirstAndFindsItsAnswer() {
		UUID user = UUID.randomUUID();
		UUID id = UUID.randomUUID();
		List<Boolean> outcomes = Flux.range(0, 8)
			.flatMap(i -> transactions.transactional(
					keys.reserve(user, "race", "hash", Instant.now(), i == 0 ? id : UUID.randomUUID(), 201, null)
						.delayUntil(fresh -> Mono.delay(Duration.ofMillis(100)))))
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(outcomes).containsOnlyOnce(true).hasSize(8);
	}

	/**
	 * Sweeps of a service: one on the shared interval, one with a short interval of its
	 * own, one that fails.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Sweeps {

		final AtomicInteger shared = new AtomicInteger();

		final AtomicInteger fast = new AtomicInteger();

		final AtomicInteger failing = new AtomicInteger();

		/** The failing sweep fails this often, then succeeds. */
		static final int FAILURES = 2;

		@Bean
		Sweep sharedSweep() {
			return () -> Mono.fromRunnable(shared::incrementAndGet);
		}

		@Bean
		Sweep fastSweep() {
			return new Sweep() {

				@Override
				public Mono<Void> run() {
					return Mono.fromRunnable(fast::incrementAndGet);
				}

				@Override
				public Duration interval() {
					return Duration.ofMillis(200);
				}

			};
		}

		@Bean
		Sweep failingSweep() {
			return new Sweep() {

				@Override
				public Mono<Void> run() {
					return Mono.defer(() -> failing.incrementAndGet() <= FAILURES
							? Mono.error(new IllegalStateException("fails on purpose")) : Mono.empty());
				}

				@Override
				public Duration interval() {
					return Duration.ofMillis(200);
				}

			};
		}

	}

}
