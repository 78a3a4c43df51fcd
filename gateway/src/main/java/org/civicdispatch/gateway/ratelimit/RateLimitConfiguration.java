package org.civicdispatch.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.gateway.edge.ClientAddresses;
import org.civicdispatch.web.CivicSecurityProperties;
import org.civicdispatch.web.ProblemResponses;
import org.civicdispatch.web.PublicPaths;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rate limiting with the bucket store {@code civic.gateway.rate-limit.store} names. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "civic.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	@Bean
	RateLimiting rateLimiting(RateLimitStore store, RateLimitProperties properties, ProblemResponses problems,
			ClientAddresses clientAddresses, CivicSecurityProperties security, MeterRegistry meters) {
		return new RateLimiting(store, properties, problems, clientAddresses,
				PublicPaths.matcher(security.publicPaths()), meters);
	}

	@Bean
	@ConditionalOnProperty(name = "civic.gateway.rate-limit.store", havingValue = "local", matchIfMissing = true)
	RateLimitStore localRateLimitStore() {
		return new LocalRateLimitStore();
	}

	@Bean
	@ConditionalOnProperty(name = "civic.gateway.rate-limit.store", havingValue = "redis")
	RateLimitStore redisRateLimitStore(RedisRateLimiter redisRateLimiter, RateLimitProperties properties) {
		return new RedisRateLimitStore(redisRateLimiter, properties);
	}

}
