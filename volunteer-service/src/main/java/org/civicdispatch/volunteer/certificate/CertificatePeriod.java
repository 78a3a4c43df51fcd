package org.civicdispatch.volunteer.certificate;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.FieldError;

/**
 * The days a certificate covers, both included: {@code from} and {@code to} as
 * {@code yyyy-MM-dd}; by default the last 365 days up to today (China time). {@code to}
 * is not before {@code from} and the period is at most 5 years; anything else is a 400
 * naming the field.
 */
record CertificatePeriod(LocalDate from, LocalDate to) {

	static final int MAX_YEARS = 5;

	static final int DEFAULT_DAYS = 365;

	private static final String FORMAT = "日期格式应为 yyyy-MM-dd";

	static CertificatePeriod parse(String from, String to, LocalDate today) {
		List<FieldError> errors = new ArrayList<>();
		LocalDate end = date("to", to, errors);
		LocalDate start = date("from", from, errors);
		if (!errors.isEmpty()) {
			throw new BadRequestException(FORMAT, errors);
		}
		if (end == null) {
			end = (start != null && start.isAfter(today)) ? start : today;
		}
		if (start == null) {
			start = end.minusDays(DEFAULT_DAYS - 1);
		}
		if (end.isBefore(start)) {
			throw BadRequestException.field("to", "结束日期不能早于开始日期");
		}
		if (end.isAfter(start.plusYears(MAX_YEARS))) {
			throw BadRequestException.field("to", "证明期间不能超过 " + MAX_YEARS + " 年");
		}
		return new CertificatePeriod(start, end);
	}

	private static LocalDate date(String field, String text, List<FieldError> errors) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError(field, FORMAT));
			return null;
		}
	}

}
