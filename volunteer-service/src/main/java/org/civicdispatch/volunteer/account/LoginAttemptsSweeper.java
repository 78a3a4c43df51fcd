package org.civicdispatch.volunteer.account;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes login attempts whose window and lock are over, every ten minutes: guesses at phones that
 * have no account would otherwise leave their rows behind for good. Deleting the same rows from
 * several instances is harmless.
 */
@Component
class LoginAttemptsSweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LoginAttemptsSweeper.class);

	private static final Duration INTERVAL = Duration.ofMinutes(10);

	private final LoginThrottle throttle;

	private volatile Disposable sweeping;

	LoginAttemptsSweeper(LoginThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	public void start() {
		sweeping = Flux.interval(INTERVAL, INTERVAL)
			.onBackpressureDrop()
			.concatMap((tick) -> throttle.purgeExpired().onErrorResume((error) -> {
				log.warn("Could not purge old login attempts, will try again: {}", error.toString());
				return Mono.just(0L);
			}), 0)
			.filter((purged) -> purged > 0)
			.subscribe((purged) -> log.debug("Purged {} old login attempt rows", purged));
	}

	@Override
	public void stop() {
		Disposable current = sweeping;
		if (current != null) {
			current.dispose();
		}
		sweeping = null;
	}

	@Override
	public boolean isRunning() {
		return sweeping != null && !sweeping.isDisposed();
	}

}
