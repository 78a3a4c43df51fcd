package org.civicdispatch.volunteer.account;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * BCrypt hashing, off the event loop: a hash costs tens of milliseconds of CPU on
 * purpose. Unknown accounts are checked against a dummy hash so both answers take as
 * long. Also the policy a new password must meet.
 */
@Component
class Passwords {

	static final int MIN_LENGTH = 8;

	static final int MAX_LENGTH = 64;

	/** BCrypt reads at most 72 bytes of a password. */
	static final int MAX_BYTES = 72;

	/** Passwords that meet the rules below and still head every list of leaked ones. */
	private static final Set<String> COMMON = Set.of("password1", "password123", "passw0rd", "p@ssw0rd", "abc12345",
			"abcd1234", "abc123456", "a1234567", "a12345678", "a123456789", "aa123456", "qwerty123", "qwer1234",
			"1qaz2wsx", "1q2w3e4r", "asdf1234", "zxcv1234", "admin123", "admin1234", "woaini520", "woaini1314");

	private final PasswordEncoder encoder = new BCryptPasswordEncoder();

	private final String dummyHash = encoder.encode("no-such-account-dummy");

	static boolean tooLong(String raw) {
		return raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
	}

	/**
	 * What is wrong with a new password, in words for its owner, or {@code null} when it
	 * will do: letters and digits both, not all one character, not one of the most common
	 * passwords. The length is checked separately ({@link #MIN_LENGTH} to
	 * {@link #MAX_LENGTH} characters).
	 */
	static String weakness(String raw) {
		if (tooLong(raw)) {
			return "密码过长";
		}
		if (raw.codePoints().distinct().count() == 1) {
			return "密码不能由同一个字符重复组成";
		}
		if (raw.codePoints().noneMatch(Character::isLetter) || raw.codePoints().noneMatch(Character::isDigit)) {
			return "密码须同时包含字母和数字";
		}
		if (COMMON.contains(raw.toLowerCase(Locale.ROOT))) {
			return "密码过于常见，请换一个";
		}
		return null;
	}

	Mono<String> hash(String raw) {
		return Mono.fromCallable(() -> encoder.encode(raw)).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Whether {@code raw} matches {@code hash}; {@code hash} null (no such account) never
	 * matches.
	 */
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
