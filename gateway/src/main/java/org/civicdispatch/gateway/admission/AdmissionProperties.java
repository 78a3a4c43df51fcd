package org.civicdispatch.gateway.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.gateway.admission.*}: how many requests each route may have in flight at
 * once. The limit adapts between {@code minLimit} and {@code maxLimit} to the latency the
 * route's service shows ({@link LatencyTargetLimit}): every window of at least ten
 * answers (a tenth of a second to a second) in which the route used at least half its
 * limit, it grows by one while nine in ten answers come within {@code latencyTarget}, and
 * shrinks by a tenth when they do not or a request fails.
 *
 * @param enabled off, every request goes through and only the circuit breakers protect
 * the services
 * @param initialLimit the limit a route starts with
 * @param minLimit the limit never falls below this
 * @param maxLimit nor rises above this
 * @param latencyTarget how long nine in ten answers may take before the limit shrinks; a
 * route may set its own in its metadata, {@code admission-latency-target} in milliseconds
 * (a download that writes a file takes longer than placing an order)
 * @param retryAfter what a refused client is told to wait ({@code Retry-After}, whole
 * seconds)
 */
@ConfigurationProperties("civic.gateway.admission")
record AdmissionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") int initialLimit,
		@DefaultValue("8") int minLimit, @DefaultValue("200") int maxLimit,
		@DefaultValue("250ms") Duration latencyTarget, @DefaultValue("1s") Duration retryAfter) {

	public AdmissionProperties {
		if (minLimit < 1 || initialLimit < minLimit || maxLimit < initialLimit) {
			throw new IllegalArgumentException(
					"civic.gateway.admission needs 1 <= min-limit <= initial-limit <= max-limit, got " + minLimit + ", "
							+ initialLimit + ", " + maxLimit);
		}
		if (latencyTarget.isNegative() || latencyTarget.isZero()) {
			throw new IllegalArgumentException("civic.gateway.admission.latency-target must be positive");
		}
		if (retryAfter.toSeconds() < 1) {
			retryAfter = Duration.ofSeconds(1);
		}
	}

}
