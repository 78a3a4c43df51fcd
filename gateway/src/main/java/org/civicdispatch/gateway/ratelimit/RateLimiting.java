package org.civicdispatch.gateway.ratelimit;

import java.security.Principal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.gateway.edge.ClientAddresses;
import org.civicdispatch.gateway.edge.RequestLogging;
import org.civicdispatch.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Limits how fast each caller may use the API: on the public paths
 * ({@code civic.security.public-paths}: login, register, the public lists) every caller
 * by client address, token or not, so that a token is no way around the address's limit;
 * elsewhere a signed-in user by the token's {@code sub}, and a caller without a token by
 * client address ({@link ClientAddresses}). Over the limit, the answer is 429
 * problem+json with {@code Retry-After} in seconds, and the service never sees the
 * request.
 * <p>
 * The Gateway's own {@code RequestRateLimiter} filter answers 429 with an empty body and
 * no {@code Retry-After}, so this filter asks the same kind of bucket (Redis-backed when
 * {@code store=redis}) and writes the answer itself.
 * <p>
 * Each refusal counts in {@code civic_gateway_rate_limited_total{route, limit}},
 * {@code limit} being the bucket that was empty ({@code user} or {@code client-address}).
 */
class RateLimiting implements GlobalFilter, Ordered {

	static final String DETAIL = "请求过于频繁，请稍后再试 (rate limit exceeded)";

	static final String REFUSALS = "civic.gateway.rate.limited";

	private static final Logger log = LoggerFactory.getLogger(RateLimiting.class);

	private final RateLimitStore store;

	private final RateLimitProperties properties;

	private final ProblemResponses problems;

	private final ClientAddresses clientAddresses;

	private final ServerWebExchangeMatcher publicPaths;

	private final MeterRegistry meters;

	RateLimiting(RateLimitStore store, RateLimitProperties properties, ProblemResponses problems,
			ClientAddresses clientAddresses, ServerWebExchangeMatcher publicPaths, MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.problems = problems;
		this.clientAddresses = clientAddresses;
		this.publicPaths = publicPaths;
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return publicPaths.matches(exchange)
			.flatMap((match) -> match.isMatch() ? Mono.<Principal>empty() : exchange.getPrincipal())
			.filter(JwtAuthenticationToken.class::isInstance)
			.flatMap((user) -> store.consume(RateLimitProperties.PER_USER, user.getName(), properties.perUser())
				.map((decision) -> new Verdict(RateLimitProperties.PER_USER, decision)))
			.switchIfEmpty(Mono.defer(() -> store
				.consume(RateLimitProperties.PER_CLIENT_ADDRESS, clientAddresses.of(exchange),
						properties.perClientAddress())
				.map((decision) -> new Verdict(RateLimitProperties.PER_CLIENT_ADDRESS, decision))))
			.flatMap((verdict) -> verdict.decision().allowed() ? chain.filter(exchange)
					: refuse(exchange, verdict.limit(), verdict.decision()));
	}

	private record Verdict(String limit, RateLimitStore.Decision decision) {
	}

	private Mono<Void> refuse(ServerWebExchange exchange, String limit, RateLimitStore.Decision decision) {
		RequestLogging.withRequestId(exchange, () -> log.info("Rate limit reached for {} {}",
				exchange.getRequest().getMethod(), exchange.getRequest().getPath()));
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Counter.builder(REFUSALS)
			.description("Requests the gateway refused with 429 because a rate limit was reached")
			.tag("route", (route != null) ? route.getId() : "none")
			.tag("limit", limit)
			.register(meters)
			.increment();
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, DETAIL);
	}

	/** Before the request body is read into memory for retries. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
