package org.civicdispatch.order.checkin;

import java.time.Clock;
import java.time.Duration;

import org.civicdispatch.messaging.Sweep;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes check-in codes a day after they expired: nobody can use them, and the history
 * keeps the check-ins.
 */
@Component
class CheckInCodeSweep implements Sweep {

	private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

	private final CheckInCodes codes;

	private final Clock clock;

	CheckInCodeSweep(CheckInCodes codes, Clock clock) {
		this.codes = codes;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		return codes.forgetExpiredBefore(clock.instant().minus(KEEP_EXPIRED)).then();
	}

}
