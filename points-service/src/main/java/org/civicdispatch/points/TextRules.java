package org.civicdispatch.points;

/** What text in this service's request bodies may hold, beyond the control characters refused everywhere. */
public final class TextRules {

	/** For {@code @Pattern}: a name or a short reason on one line, without line breaks or tabs. */
	public static final String SINGLE_LINE = "[^\\r\\n\\t\\u000B\\f\\u0085\\u2028\\u2029]*";

	private TextRules() {
	}

}
