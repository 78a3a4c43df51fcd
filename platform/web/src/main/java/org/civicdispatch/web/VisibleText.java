package org.civicdispatch.web;

/**
 * What characters text from outside may hold. Every JSON string a service reads is
 * checked with {@link #firstInvisible(CharSequence)} (see
 * {@link StrictJsonAutoConfiguration}); a service can check other text (a query
 * parameter, a header) the same way.
 * <p>
 * Refused: control characters (C0 except tab, line feed and carriage return; DEL; C1),
 * format characters ({@link Character#FORMAT}: bidirectional overrides and isolates,
 * zero-width spaces and joiners, the byte order mark, soft hyphen...), the Unicode line
 * and paragraph separators, the Hangul fillers that render as nothing, and surrogates
 * that are not part of a pair. A zero-width joiner inside an emoji sequence (👨‍👩‍👧)
 * and the tag characters of a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿) are what draws the emoji, not hidden
 * text, and stay allowed.
 */
public final class VisibleText {

	/** The field message for text that holds a refused character. */
	public static final String MESSAGE = "不能包含控制字符或不可见字符";

	private static final int ZERO_WIDTH_JOINER = 0x200D;

	private static final int VARIATION_SELECTOR_16 = 0xFE0F;

	private static final int WAVING_BLACK_FLAG = 0x1F3F4;

	private VisibleText() {
	}

	/**
	 * Whether {@code text} holds none of the refused characters; {@code null} is fine.
	 */
	public static boolean isClean(CharSequence text) {
		return text == null || firstInvisible(text) < 0;
	}

	/**
	 * The index of the first refused character in {@code text}, or -1 when there is none.
	 */
	public static int firstInvisible(CharSequence text) {
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			int codePoint = c;
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				codePoint = Character.toCodePoint(c, text.charAt(i + 1));
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
			if (refused(codePoint) && !drawsAnEmoji(text, i, codePoint)) {
				return i;
			}
			i += Character.charCount(codePoint);
		}
		return -1;
	}

	private static boolean refused(int codePoint) {
		if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r') {
			return false;
		}
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
			// Hangul fillers: letters by category, blank on screen, a known way to fake
			// an empty name.
			default -> codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0;
		};
	}

	private static boolean drawsAnEmoji(CharSequence text, int index, int codePoint) {
		if (codePoint == ZERO_WIDTH_JOINER) {
			int next = index + 1 < text.length() ? Character.codePointAt(text, index + 1) : -1;
			return next >= 0 && Character.isExtendedPictographic(next) && pictographBefore(text, index);
		}
		if (codePoint >= 0xE0020 && codePoint <= 0xE007F) {
			// Tag characters spell a subdivision flag after a waving black flag.
			int i = index;
			while (i > 0) {
				int previous = Character.codePointBefore(text, i);
				if (previous == WAVING_BLACK_FLAG) {
					return true;
				}
				if (previous < 0xE0020 || previous > 0xE007E) {
					return false;
				}
				i -= Character.charCount(previous);
			}
		}
		return false;
	}

	/**
	 * Whether the character before {@code index}, past a presentation selector and a skin
	 * tone, is a pictograph.
	 */
	private static boolean pictographBefore(CharSequence text, int index) {
		int i = index;
		while (i > 0) {
			int previous = Character.codePointBefore(text, i);
			if (previous == VARIATION_SELECTOR_16 || Character.isEmojiModifier(previous)) {
				i -= Character.charCount(previous);
				continue;
			}
			return Character.isExtendedPictographic(previous);
		}
		return false;
	}

}
