package org.civicdispatch.gateway.admission;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTargetLimitTests {

	private static final long FAST = Duration.ofMillis(50).toNanos();

	private static final long SLOW = Duration.ofMillis(400).toNanos();

	private final LatencyTargetLimit limit = new LatencyTargetLimit(50, 8, 200, Duration.ofMillis(250));

	@Test
	void growsByOneWhileTheRouteIsBusyAndAnswersComeInTime() {
		limit.onSample(0, FAST, 50, false);
		limit.onSample(0, FAST, 30, false);
		assertThat(limit.getLimit()).isEqualTo(52);
	}

	@Test
	void shrinksByATenthWhenTheRouteIsBusyAndAnswersAreSlowOrFail() {
		limit.onSample(0, SLOW, 50, false);
		assertThat(limit.getLimit()).isEqualTo(45);
		limit.onSample(0, FAST, 45, true);
		assertThat(limit.getLimit()).isEqualTo(40);
	}

	@Test
	void aMachineSlowForEveryRequestWhileTheRouteIsNearlyIdleLeavesTheLimitAsItIs() {
		for (int i = 0; i < 100; i++) {
			limit.onSample(0, SLOW, 3, false);
		}
		assertThat(limit.getLimit()).isEqualTo(50);
	}

	@Test
	void staysWithinItsBounds() {
		for (int i = 0; i < 100; i++) {
			limit.onSample(0, SLOW, 200, true);
		}
		assertThat(limit.getLimit()).isEqualTo(8);
		for (int i = 0; i < 500; i++) {
			limit.onSample(0, FAST, 200, false);
		}
		assertThat(limit.getLimit()).isEqualTo(200);
	}

}
