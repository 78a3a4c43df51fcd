package org.civicdispatch.volunteer.account;

import java.time.Duration;

import org.civicdispatch.messaging.Sweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes login attempts whose window and lock are over, every ten minutes: guesses at
 * phones that have no account would otherwise leave their rows behind for good. Deleting
 * the same rows from several instances is harmless.
 */
@Component
class LoginAttemptsSweep implements Sweep {

	private static final Logger log = LoggerFactory.getLogger(LoginAttemptsSweep.class);

	private static final Duration INTERVAL = Duration.ofMinutes(10);

	private final LoginThrottle throttle;

	LoginAttemptsSweep(LoginThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	public Mono<Void> run() {
		return throttle.purgeExpired()
			.filter((purged) -> purged > 0)
			.doOnNext((purged) -> log.debug("Purged {} old login attempt rows", purged))
			.then();
	}

	@Override
	public Duration interval() {
		return INTERVAL;
	}

}
