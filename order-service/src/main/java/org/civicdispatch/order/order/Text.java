package org.civicdispatch.order.order;

/** Rules for text in request bodies that the platform's checks do not already cover. */
final class Text {

	/** No line breaks of any kind: for names, titles and addresses, which are shown on one line. */
	static final String SINGLE_LINE = "[^\\r\\n\\x{85}\\x{2028}\\x{2029}]*";

	private Text() {
	}

}
