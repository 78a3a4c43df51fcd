package org.civicdispatch.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyHeaderTests {

	@ParameterizedTest
	@ValueSource(strings = { "k", "retry #1: order/x-x-x!", "下单-2026-12-04", "0123456789" + "0123456789" + "0123456789"
			+ "0123456789" + "0123456789" + "0123456789" + "0123456789" + "0123456789" + "0123456789" + "0123456789" })
	void aKeyOfOneToAHundredPrintableCharactersIsAKey(String key) {
		assertThatCode(() -> IdempotencyKeyHeader.requireUsable(key)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t", "01234567890123456789012345678901234567890123456789"
			+ "012345678901234567890123456789012345678901234567890" })
	void aBlankOrTooLongKeyIsRefusedWithItsLength(String key) {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> IdempotencyKeyHeader.requireUsable(key))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).isEqualTo("Idempotency-Key 须为 1 到 100 个字符"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\tb", "a\u0000b", "a\u0001b", "\u001b[31m", "a\u007fb", "a\nb" })
	void aKeyWithAControlCharacterIsRefused(String key) {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> IdempotencyKeyHeader.requireUsable(key))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).isEqualTo("Idempotency-Key 不能含控制字符"));
	}

	@Test
	void noKeyPasses() {
		assertThatCode(() -> IdempotencyKeyHeader.requireUsable(null)).doesNotThrowAnyException();
	}

}
