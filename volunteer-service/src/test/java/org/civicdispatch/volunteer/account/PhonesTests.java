package org.civicdispatch.volunteer.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhonesTests {

	@Test
	void logsSeeOnlyTheFirstThreeAndLastFourDigits() {
		assertThat(Phones.mask("13812345678")).isEqualTo("138****5678");
		assertThat(Phones.mask("123")).isEqualTo("***");
		assertThat(Phones.mask(null)).isEqualTo("***");
	}

	@Test
	void mainlandMobileNumbersHaveElevenDigitsStartingWithOne() {
		assertThat("13812345678").matches(Phones.MAINLAND_MOBILE);
		assertThat("23812345678").doesNotMatch(Phones.MAINLAND_MOBILE);
		assertThat("1381234567").doesNotMatch(Phones.MAINLAND_MOBILE);
		assertThat("138123456789").doesNotMatch(Phones.MAINLAND_MOBILE);
	}

}
