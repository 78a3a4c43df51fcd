package org.civicdispatch.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process token bucket, on a clock the test moves. */
class LocalRateLimitStoreTests {

	// "10 per minute, burst of 10": 1 token/s, 6 per request, 60 at most.
	static final RateLimitProperties.Limit TEN_PER_MINUTE = new RateLimitProperties.Limit(1, 60, 6);

	final AtomicLong nanos = new AtomicLong();

	final LocalRateLimitStore store = new LocalRateLimitStore(nanos::get);

	@Test
	void aFullBucketAllowsItsBurstThenSaysWhenToComeBack() {
		for (int i = 0; i < 10; i++) {
			assertThat(take("13800000000").allowed()).isTrue();
		}
		RateLimitStore.Decision refused = take("13800000000");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
		assertThat(refused.retryAfterSeconds()).isEqualTo(6);

		nanos.addAndGet(Duration.ofSeconds(4).toNanos());
		assertThat(take("13800000000").retryAfter()).isEqualTo(Duration.ofSeconds(2));

		nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(take("13800000000").allowed()).isTrue();
	}

	@Test
	void eachKeyHasItsOwnBucket() {
		for (int i = 0; i < 10; i++) {
			take("a");
		}
		assertThat(take("a").allowed()).isFalse();
		assertThat(take("b").allowed()).isTrue();
	}

	@Test
	void anIdleBucketRefillsOnlyUpToItsBurst() {
		nanos.addAndGet(Duration.ofHours(1).toNanos());
		for (int i = 0; i < 10; i++) {
			assertThat(take("idle").allowed()).isTrue();
		}
		assertThat(take("idle").allowed()).isFalse();
	}

	@Test
	void aRefusalAlwaysAsksForAtLeastOneSecond() {
		RateLimitProperties.Limit fast = new RateLimitProperties.Limit(100, 1, 1);
		store.consume("user", "fast", fast).block();
		StepVerifier.create(store.consume("user", "fast", fast)).assertNext((decision) -> {
			assertThat(decision.allowed()).isFalse();
			assertThat(decision.retryAfter()).isEqualTo(Duration.ofMillis(10));
			assertThat(decision.retryAfterSeconds()).isEqualTo(1);
		}).verifyComplete();
	}

	private RateLimitStore.Decision take(String key) {
		return store.consume("client-address", key, TEN_PER_MINUTE).block();
	}

}
