package org.civicdispatch.volunteer;

import java.util.regex.Pattern;

/**
 * What a name needs beyond the platform's checks (control and invisible characters
 * refused in every request, {@code @SingleLine}): a visible character, and no spaces of
 * any kind at the ends.
 */
public final class Text {

	/**
	 * At least one character that is not a space of any kind (NBSP and the ideographic
	 * space too).
	 */
	public static final String NOT_BLANK = "(?s).*[^\\s\\p{Z}].*";

	public static final String NOT_SINGLE_LINE = "不能包含换行符或控制字符";

	private static final Pattern OUTER_SPACE = Pattern.compile("^[\\s\\p{Z}]+|[\\s\\p{Z}]+$");

	private Text() {
	}

	/**
	 * Removes spaces of any kind at both ends, where {@link String#strip()} keeps NBSP.
	 */
	public static String trim(String text) {
		return OUTER_SPACE.matcher(text).replaceAll("");
	}

}
