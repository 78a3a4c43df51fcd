package org.civicdispatch.gateway.admission;

import java.time.Duration;

import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * A limit of requests in flight that keeps a route's answers within a latency target, fed
 * one window of answers at a time ({@code WindowedLimit}, the window's 90th percentile):
 * additive increase, multiplicative decrease, like AIMD, but moved only by what the limit
 * itself can change.
 * <ul>
 * <li>Answers within the target while the route used at least half its limit: one
 * more.</li>
 * <li>Answers slower than the target, or a failure, while the route used at least half
 * its limit: a tenth less. The service is queueing the requests the gateway lets
 * through.</li>
 * <li>Otherwise unchanged: a machine that is slow for every request alike (busy with
 * something else) is not made faster by refusing a burst the limit would have let
 * in.</li>
 * </ul>
 */
final class LatencyTargetLimit extends AbstractLimit {

	private static final double BACKOFF = 0.9;

	private final long targetNanos;

	private final int minLimit;

	private final int maxLimit;

	LatencyTargetLimit(int initialLimit, int minLimit, int maxLimit, Duration target) {
		super(initialLimit);
		this.targetNanos = target.toNanos();
		this.minLimit = minLimit;
		this.maxLimit = maxLimit;
	}

	@Override
	protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
		int limit = getLimit();
		if (inflight * 2 < limit) {
			return limit;
		}
		if (didDrop || rtt > targetNanos) {
			return Math.max(minLimit, Math.min(limit - 1, (int) (limit * BACKOFF)));
		}
		return Math.min(maxLimit, limit + 1);
	}

}
