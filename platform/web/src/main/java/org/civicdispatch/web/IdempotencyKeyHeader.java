package org.civicdispatch.web;

/**
 * The {@code Idempotency-Key} request header of the requests that create something
 * ({@code POST /api/orders}, {@code POST /api/store/redemptions}): one rule and one set
 * of texts for every service.
 */
public final class IdempotencyKeyHeader {

	public static final String NAME = "Idempotency-Key";

	public static final int MAX_LENGTH = 100;

	/** What the OpenAPI description says of the header, wherever it is read. */
	public static final String DESCRIPTION = "Any text of 1 to 100 characters without control characters, chosen by "
			+ "the client for one thing it creates and sent again with each retry of it; a repeat by the same "
			+ "user does not create a second one (400 for a key that breaks the rule)";

	private IdempotencyKeyHeader() {
	}

	/**
	 * A key is any text of 1 to 100 characters that PostgreSQL can store: none of the C0
	 * control characters (NUL cannot be stored at all) nor DEL. A missing key
	 * ({@code null}) passes.
	 * @throws BadRequestException (400, field {@code Idempotency-Key}) for any other key
	 */
	public static void requireUsable(String key) {
		if (key == null) {
			return;
		}
		if (key.isBlank() || key.length() > MAX_LENGTH) {
			throw BadRequestException.field(NAME, "Idempotency-Key 须为 1 到 100 个字符");
		}
		if (key.chars().anyMatch((c) -> c < 0x20 || c == 0x7F)) {
			throw BadRequestException.field(NAME, "Idempotency-Key 不能含控制字符");
		}
	}

}
