package org.civicdispatch.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The days {@code [from, to)} of a statistics or export request (分析研判): dates
 * ({@code 2026-05-01}) read in the districts' time zone (Asia/Shanghai by default), so
 * {@code from} starts at its midnight and {@code to} is the first day no longer counted
 * (an order placed at {@code to}'s midnight is out).
 */
public record StatsPeriod(LocalDate from, LocalDate to, Instant start, Instant end) {

	static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

	static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

	/**
	 * Parses and checks the two dates; at most {@code maxDays} days. Every failure is a
	 * 400 naming the field.
	 */
	public static StatsPeriod parse(String from, String to, int maxDays, ZoneId zone) {
		LocalDate start = date("from", from);
		LocalDate end = date("to", to);
		if (!start.isBefore(end)) {
			throw BadRequestException.field("to", "结束日期须晚于开始日期（统计区间为 [from, to)）");
		}
		if (ChronoUnit.DAYS.between(start, end) > maxDays) {
			throw BadRequestException.field("to", "统计区间最长 " + maxDays + " 天");
		}
		return new StatsPeriod(start, end, start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
	}

	private static LocalDate date(String field, String value) {
		if (value == null || value.isBlank()) {
			throw BadRequestException.field(field, "请填写日期，格式如 2026-05-01");
		}
		LocalDate date;
		try {
			date = LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw BadRequestException.field(field, "日期格式须如 2026-05-01");
		}
		if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
			throw BadRequestException.field(field, "日期须在 2000-01-01 到 2100-12-31 之间");
		}
		return date;
	}

	public long days() {
		return ChronoUnit.DAYS.between(from, to);
	}

}
