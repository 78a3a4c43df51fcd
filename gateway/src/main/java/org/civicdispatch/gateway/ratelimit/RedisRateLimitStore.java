package org.civicdispatch.gateway.ratelimit;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway instance: the Gateway's
 * {@link RedisRateLimiter} (the one behind {@code RequestRateLimiter}), with one
 * configuration per policy. Like {@code RequestRateLimiter}, it lets requests through
 * when Redis cannot be reached.
 */
class RedisRateLimitStore implements RateLimitStore {

	private final RedisRateLimiter limiter;

	RedisRateLimitStore(RedisRateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		properties.policies()
			.forEach((policy, limit) -> limiter.getConfig()
				.put(policy,
						new RedisRateLimiter.Config().setReplenishRate(limit.replenishRate())
							.setBurstCapacity(limit.burstCapacity())
							.setRequestedTokens(limit.requestedTokens())));
	}

	@Override
	public Mono<Decision> consume(String policy, String key, RateLimitProperties.Limit limit) {
		return limiter.isAllowed(policy, policy + ':' + key).map((response) -> {
			if (response.isAllowed()) {
				return Decision.ALLOWED;
			}
			String remaining = response.getHeaders().get(limiter.getRemainingHeader());
			long tokensLeft = remaining != null ? Math.max(0, Long.parseLong(remaining)) : 0;
			return Decision.refused(limit.requestedTokens() - tokensLeft, limit);
		});
	}

}
