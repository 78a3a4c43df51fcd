package org.civicdispatch.order.serviceorder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One 签到 or 签退 of an assigned volunteer at the resident's door. The order's history is
 * the record: a {@code CHECKED_IN} or {@code CHECKED_OUT} entry whose actor is the
 * volunteer.
 */
public record CheckIn(UUID volunteerId, Type type, Instant at) {

	/**
	 * Half an hour: the checked-in time is rounded up to it, and a visit counts at least
	 * that long.
	 */
	static final long HALF_HOUR_SECONDS = 1800;

	public enum Type {

		IN, OUT

	}

	static List<CheckIn> from(List<HistoryEntry> history) {
		List<CheckIn> checkIns = new ArrayList<>();
		for (HistoryEntry entry : history) {
			if (entry.action() == OrderAction.CHECKED_IN || entry.action() == OrderAction.CHECKED_OUT) {
				checkIns.add(new CheckIn(entry.actorId(), entry.action() == OrderAction.CHECKED_IN ? Type.IN : Type.OUT,
						entry.at()));
			}
		}
		return checkIns;
	}

	/**
	 * The volunteer's latest check-in or check-out, or {@code null} when there is none.
	 */
	static Type lastOf(List<CheckIn> checkIns, UUID volunteerId) {
		Type last = null;
		for (CheckIn checkIn : checkIns) {
			if (checkIn.volunteerId().equals(volunteerId)) {
				last = checkIn.type();
			}
		}
		return last;
	}

	/**
	 * The time a volunteer spent between check-ins and check-outs, or {@code null} when
	 * they did not check in and out (never checked in, or still checked in).
	 */
	static Duration checkedInTime(List<CheckIn> checkIns, UUID volunteerId) {
		Duration total = Duration.ZERO;
		Instant in = null;
		boolean visited = false;
		for (CheckIn checkIn : checkIns) {
			if (!checkIn.volunteerId().equals(volunteerId)) {
				continue;
			}
			if (checkIn.type() == Type.IN) {
				in = checkIn.at();
			}
			else if (in != null) {
				total = total.plus(Duration.between(in, checkIn.at()));
				in = null;
				visited = true;
			}
		}
		return visited && in == null ? total : null;
	}

	/**
	 * The checked-in time in hours, rounded up to the half hour, and at least half an
	 * hour.
	 */
	static BigDecimal bound(Duration checkedIn) {
		long halves = Math.max(1, (checkedIn.toSeconds() + HALF_HOUR_SECONDS - 1) / HALF_HOUR_SECONDS);
		return ServiceOrder.shortest(BigDecimal.valueOf(halves).divide(BigDecimal.TWO));
	}

	/**
	 * Hours reported for a volunteer who checked in and out may not exceed the time in
	 * between, rounded up to the half hour (400 naming the volunteer's entry and the
	 * volunteer).
	 */
	static void checkHoursWithin(List<CheckIn> checkIns, Map<UUID, BigDecimal> hours) {
		int i = 0;
		for (Map.Entry<UUID, BigDecimal> entry : hours.entrySet()) {
			String at = "hours[" + i++ + "].hours";
			Duration checkedIn = checkedInTime(checkIns, entry.getKey());
			if (checkedIn == null) {
				continue;
			}
			BigDecimal bound = bound(checkedIn);
			if (entry.getValue().compareTo(bound) > 0) {
				throw new InvalidOrderInputException(at, "队员 " + entry.getKey() + " 签到至签退共 " + minutes(checkedIn)
						+ " 分钟，上报时长不能超过 " + bound.toPlainString() + " 小时");
			}
		}
	}

	private static long minutes(Duration d) {
		return (d.toSeconds() + 59) / 60;
	}

}
