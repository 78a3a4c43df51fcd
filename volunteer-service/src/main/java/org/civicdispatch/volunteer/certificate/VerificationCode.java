package org.civicdispatch.volunteer.certificate;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A certificate's verification code: 12 characters from {@value #ALPHABET} (no 0/O, 1/I
 * that a reader could confuse), about 60 bits, from a {@link SecureRandom}.
 */
final class VerificationCode {

	static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

	static final int LENGTH = 12;

	private static final Pattern FORMAT = Pattern.compile("[" + ALPHABET + "]{" + LENGTH + "}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private VerificationCode() {
	}

	static String next() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/**
	 * Whether {@code text} has the form of a code: exactly 12 characters of the alphabet.
	 */
	static boolean wellFormed(String text) {
		return text != null && FORMAT.matcher(text).matches();
	}

}
