package org.civicdispatch.volunteer.account;

import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * BCrypt hashing, off the event loop: a hash costs tens of milliseconds of CPU on purpose.
 * Unknown accounts are checked against a dummy hash so both answers take as long.
 */
@Component
class Passwords {

	/** BCrypt reads at most 72 bytes of a password. */
	static final int MAX_BYTES = 72;

	private final PasswordEncoder encoder = new BCryptPasswordEncoder();

	private final String dummyHash = encoder.encode("no-such-account-dummy");

	static boolean tooLong(String raw) {
		return raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
	}

	Mono<String> hash(String raw) {
		return Mono.fromCallable(() -> encoder.encode(raw)).subscribeOn(Schedulers.boundedElastic());
	}

	/** Whether {@code raw} matches {@code hash}; {@code hash} null (no such account) never matches. */
	Mono<Boolean> matches(String raw, String hash) {
		return Mono.fromCallable(() -> {
			if (tooLong(raw)) {
				return false;
			}
			boolean matches = encoder.matches(raw, hash != null ? hash : dummyHash);
			return matches && hash != null;
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
