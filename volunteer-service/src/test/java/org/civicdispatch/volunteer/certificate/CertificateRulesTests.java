package org.civicdispatch.volunteer.certificate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import org.civicdispatch.web.BadRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small rules of a certificate: masked names, codes, periods, how hours read. */
class CertificateRulesTests {

	@Test
	void aNameKeepsItsSurnameOnly() {
		assertThat(MaskedName.of("王小明")).isEqualTo("王**");
		assertThat(MaskedName.of("王芳")).isEqualTo("王*");
		assertThat(MaskedName.of("欧阳小明")).isEqualTo("欧阳**");
		assertThat(MaskedName.of("欧阳修")).isEqualTo("欧阳*");
		assertThat(MaskedName.of("司马光")).isEqualTo("司马*");
		// two characters that happen to be a compound surname: the second is the given
		// name
		assertThat(MaskedName.of("欧阳")).isEqualTo("欧*");
		assertThat(MaskedName.of("李")).isEqualTo("*");
		assertThat(MaskedName.of("阿依古丽·买买提")).isEqualTo("阿*******");
		assertThat(MaskedName.of("John Smith")).isEqualTo("J*** *****");
	}

	@Test
	void codesAreTwelveCharactersOfTheAlphabet() {
		Set<String> codes = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String code = VerificationCode.next();
			assertThat(code).hasSize(12).matches("[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}");
			assertThat(VerificationCode.wellFormed(code)).isTrue();
			codes.add(code);
		}
		assertThat(codes).hasSize(1000);
		assertThat(VerificationCode.wellFormed("23456789ABCO")).isFalse();
		assertThat(VerificationCode.wellFormed("23456789abcd")).isFalse();
		assertThat(VerificationCode.wellFormed("23456789ABC")).isFalse();
		assertThat(VerificationCode.wellFormed(null)).isFalse();
	}

	@Test
	void theDefaultPeriodIsTheLast365DaysAndAPeriodIsAtMostFiveYears() {
		LocalDate today = LocalDate.of(2026, 12, 4);
		assertThat(CertificatePeriod.parse(null, null, today))
			.isEqualTo(new CertificatePeriod(LocalDate.of(2025, 12, 5), today));
		assertThat(CertificatePeriod.parse("", " ", today))
			.isEqualTo(new CertificatePeriod(LocalDate.of(2025, 12, 5), today));
		assertThat(CertificatePeriod.parse("2026-01-01", null, today))
			.isEqualTo(new CertificatePeriod(LocalDate.of(2026, 1, 1), today));
		assertThat(CertificatePeriod.parse(null, "2026-06-30", today))
			.isEqualTo(new CertificatePeriod(LocalDate.of(2025, 7, 1), LocalDate.of(2026, 6, 30)));
		assertThat(CertificatePeriod.parse("2026-03-01", "2026-03-01", today).from()).isEqualTo("2026-03-01");
		assertThat(CertificatePeriod.parse("2021-12-04", "2026-12-04", today).from()).isEqualTo("2021-12-04");
		assertThatThrownBy(() -> CertificatePeriod.parse("2021-12-03", "2026-12-04", today))
			.isInstanceOf(BadRequestException.class)
			.hasMessage("证明期间不能超过 5 年");
		assertThatThrownBy(() -> CertificatePeriod.parse("2026-02-29", null, today))
			.isInstanceOf(BadRequestException.class)
			.satisfies((ex) -> assertThat(((BadRequestException) ex).errors()).singleElement()
				.satisfies((error) -> assertThat(error.field()).isEqualTo("from")));
	}

	@Test
	void hoursReadAsPeopleWriteThem() {
		assertThat(CertificatePdf.hours(new BigDecimal("12.50"))).isEqualTo("12.5");
		assertThat(CertificatePdf.hours(new BigDecimal("100.00"))).isEqualTo("100");
		assertThat(CertificatePdf.hours(new BigDecimal("0.75"))).isEqualTo("0.75");
		assertThat(CertificatePdf.hours(new BigDecimal("0.00"))).isEqualTo("0");
		assertThat(CertificatePdf.date(LocalDate.of(2026, 1, 9))).isEqualTo("2026年1月9日");
	}

}
