package org.civicdispatch.gateway.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.gateway.admission.*}: how many requests each route may have in flight at once. The
 * limit adapts between {@code minLimit} and {@code maxLimit} to the latency the route's service
 * shows (Netflix's gradient algorithm: it grows while latency stays near its long-term level and
 * shrinks as soon as it rises by more than {@code rttTolerance} times, or a request fails).
 *
 * @param enabled off, every request goes through and only the circuit breakers protect the services
 * @param initialLimit the limit a route starts with
 * @param minLimit the limit never falls below this
 * @param maxLimit nor rises above this
 * @param rttTolerance how much slower than usual (a factor) answers may become before the limit shrinks
 * @param retryAfter what a refused client is told to wait ({@code Retry-After}, whole seconds)
 */
@ConfigurationProperties("civic.gateway.admission")
public record AdmissionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20") int initialLimit,
		@DefaultValue("4") int minLimit, @DefaultValue("200") int maxLimit, @DefaultValue("2.0") double rttTolerance,
		@DefaultValue("1s") Duration retryAfter) {

	public AdmissionProperties {
		if (minLimit < 1 || initialLimit < minLimit || maxLimit < initialLimit) {
			throw new IllegalArgumentException(
					"civic.gateway.admission needs 1 <= min-limit <= initial-limit <= max-limit, got " + minLimit + ", "
							+ initialLimit + ", " + maxLimit);
		}
		if (rttTolerance < 1.0) {
			throw new IllegalArgumentException("civic.gateway.admission.rtt-tolerance must be at least 1.0");
		}
		if (retryAfter.toSeconds() < 1) {
			retryAfter = Duration.ofSeconds(1);
		}
	}

}
