package org.civicdispatch.gateway.admission;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limit.window.PercentileSampleWindowFactory;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.gateway.edge.RequestLogging;
import org.civicdispatch.gateway.routing.Downstream;
import org.civicdispatch.web.ProblemException;
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
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Admission control where the queue would form: each route may have only so many requests
 * in flight to its service, a limit that adapts to the service's latency
 * ({@link AdmissionProperties}). A request over the limit is answered at once with 503
 * problem+json and {@code Retry-After}, and never reaches the service: under a peak the
 * service keeps answering the requests it has taken in at its usual speed instead of
 * queueing everybody's until they all time out.
 * <p>
 * It runs before the route's own filters, so a refusal is not a call through the circuit
 * breaker and cannot open it: the breaker still opens only for a service that fails. A
 * route opts out with the metadata {@code admission-control: false} (the event stream,
 * whose requests stay open for as long as the client listens, and photo uploads, as slow
 * as the phone's connection); a route's metadata {@code admission-latency-target}
 * (milliseconds) replaces the default target.
 * <p>
 * Meters: {@code civic_gateway_admission_refused_total{route}},
 * {@code civic_gateway_admission_limit{route}} and
 * {@code civic_gateway_admission_in_flight{route}}.
 */
class AdmissionControl implements GlobalFilter, Ordered {

	static final String OPT_OUT = "admission-control";

	static final String LATENCY_TARGET = "admission-latency-target";

	static final String REFUSALS = "civic.gateway.admission.refused";

	/** At most one log line per route in this many nanoseconds while it refuses. */
	private static final long LOG_EVERY = 10_000_000_000L;

	private static final Logger log = LoggerFactory.getLogger(AdmissionControl.class);

	private final AdmissionProperties properties;

	private final ProblemResponses problems;

	private final MeterRegistry meters;

	private final Map<String, RouteLimit> limits = new ConcurrentHashMap<>();

	AdmissionControl(AdmissionProperties properties, ProblemResponses problems, MeterRegistry meters) {
		this.properties = properties;
		this.problems = problems;
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || "false".equals(String.valueOf(route.getMetadata().get(OPT_OUT)))) {
			return chain.filter(exchange);
		}
		RouteLimit limit = limits.computeIfAbsent(route.getId(), (id) -> newLimit(id, latencyTarget(route)));
		Optional<Limiter.Listener> admitted = limit.limiter().acquire(null);
		if (admitted.isEmpty()) {
			return refuse(exchange, limit);
		}
		Release release = new Release(admitted.get(), exchange);
		return chain.filter(exchange)
			.doOnSuccess((done) -> release.answered())
			.doOnError(release::failed)
			.doOnCancel(release::ignored);
	}

	/**
	 * Gives a request's slot back, once, with what the request says about the service: a
	 * 502, 503 or 504 (it failed, was too slow, or its breaker is open) or an error is a
	 * drop, which shrinks a busy route's limit ({@link LatencyTargetLimit}); an answer is
	 * a latency sample; a client that hung up, or a request refused on its way (a body
	 * too large), says nothing.
	 */
	private static final class Release {

		private final Limiter.Listener listener;

		private final ServerWebExchange exchange;

		private final AtomicBoolean released = new AtomicBoolean();

		Release(Limiter.Listener listener, ServerWebExchange exchange) {
			this.listener = listener;
			this.exchange = exchange;
		}

		void answered() {
			if (released.compareAndSet(false, true)) {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				int code = (status != null) ? status.value() : 200;
				if (code == 502 || code == 503 || code == 504) {
					listener.onDropped();
				}
				else {
					listener.onSuccess();
				}
			}
		}

		void failed(Throwable error) {
			if (released.compareAndSet(false, true)) {
				if (error instanceof ProblemException) {
					listener.onIgnore();
				}
				else {
					listener.onDropped();
				}
			}
		}

		void ignored() {
			if (released.compareAndSet(false, true)) {
				listener.onIgnore();
			}
		}

	}

	private Mono<Void> refuse(ServerWebExchange exchange, RouteLimit limit) {
		limit.refusals().increment();
		long now = System.nanoTime();
		long last = limit.lastLogged().get();
		if (now - last >= LOG_EVERY && limit.lastLogged().compareAndSet(last, now)) {
			RequestLogging.withRequestId(exchange,
					() -> log.warn("Route {} is at its limit of {} requests in flight; refusing with 503 ({} so far)",
							limit.routeId(), limit.limiter().getLimit(), (long) limit.refusals().count()));
		}
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfter().toSeconds()));
		return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, limit.busyDetail());
	}

	private Duration latencyTarget(Route route) {
		Object millis = route.getMetadata().get(LATENCY_TARGET);
		return (millis != null) ? Duration.ofMillis(Long.parseLong(String.valueOf(millis)))
				: properties.latencyTarget();
	}

	private RouteLimit newLimit(String routeId, Duration latencyTarget) {
		SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder()
			.named(routeId)
			.limit(WindowedLimit.newBuilder()
				.minWindowTime(100, TimeUnit.MILLISECONDS)
				.maxWindowTime(1, TimeUnit.SECONDS)
				.windowSize(10)
				.sampleWindowFactory(PercentileSampleWindowFactory.of(0.9, 1000))
				.build(new LatencyTargetLimit(properties.initialLimit(), properties.minLimit(), properties.maxLimit(),
						latencyTarget)))
			.build();
		Gauge.builder("civic.gateway.admission.limit", limiter, SimpleLimiter::getLimit)
			.description("Requests the route may have in flight at once (adaptive)")
			.tag("route", routeId)
			.register(meters);
		Gauge.builder("civic.gateway.admission.in.flight", limiter, SimpleLimiter::getInflight)
			.description("Requests of the route in flight now")
			.tag("route", routeId)
			.register(meters);
		Counter refusals = Counter.builder(REFUSALS)
			.description("Requests refused with 503 because the route was at its limit")
			.tag("route", routeId)
			.register(meters);
		return new RouteLimit(routeId, limiter, refusals, busyDetail(routeId),
				new AtomicLong(System.nanoTime() - LOG_EVERY));
	}

	/** "订单服务繁忙，请稍后再试 (order-service busy)", naming the route's service. */
	static String busyDetail(String routeId) {
		return Downstream.forRoute(routeId)
			.map((service) -> service.displayName() + "繁忙，请稍后再试 (" + service.id() + " busy)")
			.orElse("服务繁忙，请稍后再试 (" + routeId + " busy)");
	}

	/**
	 * After the rate limits (a caller over its own limit is refused first), before the
	 * route's filters.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 110;
	}

	private record RouteLimit(String routeId, SimpleLimiter<Void> limiter, Counter refusals, String busyDetail,
			AtomicLong lastLogged) {
	}

}
