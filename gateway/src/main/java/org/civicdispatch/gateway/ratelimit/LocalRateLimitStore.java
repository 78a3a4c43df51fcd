package org.civicdispatch.gateway.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Token buckets in this process, for a single gateway (the local stack). A bucket left
 * alone long enough to be full again is dropped, so memory follows the number of active
 * callers.
 */
class LocalRateLimitStore implements RateLimitStore {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(1_000_000)
		.build();

	private final LongSupplier nanoTime;

	LocalRateLimitStore() {
		this(System::nanoTime);
	}

	LocalRateLimitStore(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	@Override
	public Mono<Decision> consume(String policy, String key, RateLimitProperties.Limit limit) {
		return Mono
			.fromSupplier(() -> buckets.get(policy + ':' + key, (ignored) -> new Bucket(limit, nanoTime.getAsLong()))
				.take(limit, nanoTime.getAsLong()));
	}

	private static final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(RateLimitProperties.Limit limit, long now) {
			this.tokens = limit.burstCapacity();
			this.refilledAt = now;
		}

		synchronized Decision take(RateLimitProperties.Limit limit, long now) {
			double elapsedSeconds = Math.max(0, now - refilledAt) / 1e9;
			tokens = Math.min(limit.burstCapacity(), tokens + elapsedSeconds * limit.replenishRate());
			refilledAt = now;
			if (tokens >= limit.requestedTokens()) {
				tokens -= limit.requestedTokens();
				return Decision.ALLOWED;
			}
			return Decision.refused(limit.requestedTokens() - tokens, limit);
		}

	}

}
