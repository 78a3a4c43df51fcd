package org.civicdispatch.gateway.ratelimit;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.gateway.rate-limit.*}: token buckets in the terms of the Gateway's
 * {@code RequestRateLimiter}, so that both stores behave alike. The limits in force are
 * in {@code application.yml}.
 *
 * @param enabled off only for load tests that measure the services
 * @param store {@code local}: buckets in this process (one gateway); {@code redis}:
 * buckets in Redis ({@code spring.data.redis.*}), shared by every gateway instance
 * @param perUser the bucket of each signed-in user (the token's {@code sub})
 * @param perClientAddress the bucket of each client address: for every request to a
 * public path (login, register, the public lists), with or without a token, and for
 * requests without a token (the client address that {@code perClientAddress} counts by is
 * found with {@code civic.gateway.rate-limit.trusted-proxies}, read by the edge's
 * {@code ClientAddresses})
 */
@ConfigurationProperties("civic.gateway.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("local") Store store,
		@DefaultValue Limit perUser, @DefaultValue Limit perClientAddress) {

	public static final String PER_USER = "user";

	public static final String PER_CLIENT_ADDRESS = "client-address";

	/** The limit of each policy, by the name its buckets are kept under. */
	public Map<String, Limit> policies() {
		return Map.of(PER_USER, perUser, PER_CLIENT_ADDRESS, perClientAddress);
	}

	public enum Store {

		LOCAL, REDIS

	}

	/**
	 * A token bucket: it holds at most {@code burstCapacity} tokens, gains
	 * {@code replenishRate} per second, and each request takes {@code requestedTokens}.
	 * For "10 per minute" take replenish-rate 1, requested-tokens 6, burst-capacity 60 (a
	 * burst of 10).
	 */
	public record Limit(@DefaultValue("1") int replenishRate, @DefaultValue("1") long burstCapacity,
			@DefaultValue("1") int requestedTokens) {

		public Limit {
			if (replenishRate < 1 || requestedTokens < 1 || burstCapacity < requestedTokens) {
				throw new IllegalArgumentException("A rate limit needs replenish-rate >= 1, requested-tokens >= 1 and "
						+ "burst-capacity >= requested-tokens, not " + replenishRate + "/" + burstCapacity + "/"
						+ requestedTokens);
			}
		}

	}

}
