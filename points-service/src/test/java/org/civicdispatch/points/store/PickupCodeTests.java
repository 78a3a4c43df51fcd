package org.civicdispatch.points.store;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PickupCodeTests {

	@Test
	void codesAreEightCharactersWithoutLookAlikes() {
		for (int i = 0; i < 1000; i++) {
			assertThat(PickupCode.generate()).hasSize(8).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}");
		}
	}

	@Test
	void codesDoNotRepeat() {
		Set<String> codes = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			codes.add(PickupCode.generate());
		}
		assertThat(codes).hasSize(10_000);
	}

	@Test
	void matchingIgnoresCaseAndSurroundingSpacesButNothingElse() {
		assertThat(PickupCode.matches("AB3K7XQ9", " ab3k7xq9 ")).isTrue();
		assertThat(PickupCode.matches("AB3K7XQ9", "AB3K7XQ8")).isFalse();
		assertThat(PickupCode.matches("AB3K7XQ9", "AB3K7XQ")).isFalse();
		assertThat(PickupCode.matches("AB3K7XQ9", null)).isFalse();
	}

}
