package org.civicdispatch.volunteer;

import java.util.regex.Pattern;

/**
 * The shape of one-line text such as names, as {@code @Pattern} expressions for request records,
 * and the trimming that goes with them. Control characters in general are rejected for every
 * request before it gets here; these add what a name needs on top.
 */
public final class Text {

	/** At least one character that is not a space of any kind (NBSP and the ideographic space too). */
	public static final String NOT_BLANK = "(?s).*[^\\s\\p{Z}].*";

	/** No line or paragraph breaks, tabs or other control characters. */
	public static final String SINGLE_LINE = "[^\\p{Cc}\\p{Zl}\\p{Zp}]*";

	public static final String NOT_SINGLE_LINE = "不能包含换行符或控制字符";

	private static final Pattern OUTER_SPACE = Pattern.compile("^[\\s\\p{Z}]+|[\\s\\p{Z}]+$");

	private Text() {
	}

	/** Removes spaces of any kind at both ends, where {@link String#strip()} keeps NBSP. */
	public static String trim(String text) {
		return OUTER_SPACE.matcher(text).replaceAll("");
	}

}
