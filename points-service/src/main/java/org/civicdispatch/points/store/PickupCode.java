package org.civicdispatch.points.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * 核销码: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), 40 bits from a
 * {@link SecureRandom}, so with a few attempts allowed it cannot be guessed.
 */
final class PickupCode {

	static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

	static final int LENGTH = 8;

	private static final SecureRandom RANDOM = new SecureRandom();

	private PickupCode() {
	}

	static String generate() {
		return generate(RANDOM);
	}

	static String generate(SecureRandom random) {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/**
	 * Whether {@code given} is the code, ignoring case and surrounding spaces; compared
	 * in constant time.
	 */
	static boolean matches(String code, String given) {
		if (code == null || given == null) {
			return false;
		}
		return MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8),
				given.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
	}

}
