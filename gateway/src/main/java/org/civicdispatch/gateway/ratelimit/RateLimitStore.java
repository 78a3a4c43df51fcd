package org.civicdispatch.gateway.ratelimit;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Where the token buckets live: in this process, or in Redis for several gateway
 * instances.
 */
interface RateLimitStore {

	/**
	 * Takes {@code limit.requestedTokens()} from the bucket {@code policy}/{@code key} if
	 * it holds that many.
	 */
	Mono<Decision> consume(String policy, String key, RateLimitProperties.Limit limit);

	/**
	 * @param retryAfter when a refused request would be allowed, at the earliest
	 */
	record Decision(boolean allowed, Duration retryAfter) {

		static final Decision ALLOWED = new Decision(true, Duration.ZERO);

		static Decision refused(double tokensMissing, RateLimitProperties.Limit limit) {
			long millis = (long) Math.ceil(Math.max(tokensMissing, 0) * 1000 / limit.replenishRate());
			return new Decision(false, Duration.ofMillis(millis));
		}

		/** Whole seconds for {@code Retry-After}, never 0 for a refusal. */
		long retryAfterSeconds() {
			return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		}

	}

}
