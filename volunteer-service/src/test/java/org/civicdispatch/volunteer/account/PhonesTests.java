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
		assertThat("+8613812345678").doesNotMatch(Phones.MAINLAND_MOBILE);
		assertThat("13812345678\n").doesNotMatch(Phones.MAINLAND_MOBILE);
		assertThat("\uFF11\uFF13\uFF18\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18")
			.doesNotMatch(Phones.MAINLAND_MOBILE);
		assertThat("1\u0663\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668")
			.doesNotMatch(Phones.MAINLAND_MOBILE);
	}

}
