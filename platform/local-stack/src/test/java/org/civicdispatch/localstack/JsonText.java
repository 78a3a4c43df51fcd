package org.civicdispatch.localstack;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON text from maps, lists, strings, numbers, booleans and {@code null}, and
 * lets a {@link Raw} value through as it is: {@code 1e999}, a NUL inside a string,
 * duplicate keys, text that is not JSON at all. A JSON library would refuse to write most
 * of what a fuzzer sends.
 */
final class JsonText {

	/** JSON text (or not) written as it is. */
	record Raw(String text) {

		@Override
		public String toString() {
			return this.text.length() > 60 ? this.text.substring(0, 60) + "…(" + this.text.length() + " chars)"
					: this.text;
		}

	}

	private JsonText() {
	}

	static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(Object value, StringBuilder out) {
		switch (value) {
			case null -> out.append("null");
			case Raw raw -> out.append(raw.text());
			case String text -> string(text, out);
			case Number number -> out.append(number);
			case Boolean bool -> out.append(bool);
			case Map<?, ?> map -> {
				out.append('{');
				boolean first = true;
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					if (!first) {
						out.append(',');
					}
					first = false;
					string(String.valueOf(entry.getKey()), out);
					out.append(':');
					write(entry.getValue(), out);
				}
				out.append('}');
			}
			case List<?> list -> {
				out.append('[');
				for (int i = 0; i < list.size(); i++) {
					if (i > 0) {
						out.append(',');
					}
					write(list.get(i), out);
				}
				out.append(']');
			}
			default -> string(value.toString(), out);
		}
	}

	/**
	 * A JSON string; control characters and lone surrogates as {@code \}{@code uXXXX}
	 * escapes, so they arrive.
	 */
	static void string(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		out.append('"');
	}

}
