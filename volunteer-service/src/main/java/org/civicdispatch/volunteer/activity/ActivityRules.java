package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.FieldError;

/**
 * The decisions of 活动报名, free of storage: each takes the activity (and sign-ups) as they
 * are inside the transaction and returns the change to make, or throws the problem to
 * answer.
 */
final class ActivityRules {

	/** Check-in opens this long before the activity starts. */
	static final Duration CHECK_IN_OPENS = Duration.ofHours(2);

	static final BigDecimal HALF_HOUR = new BigDecimal("0.5");

	static final BigDecimal MAX_HOURS = new BigDecimal("24");

	private ActivityRules() {
	}

	/** What a new sign-up becomes: confirmed while places are left, else waitlisted. */
	static Signup.Status signUp(Activity activity, Signup existing, long confirmed, Instant now) {
		if (activity.completed()) {
			throw new ConflictException("活动已结束，不能报名");
		}
		if (existing != null && existing.status() != Signup.Status.CANCELLED) {
			throw new ConflictException("您已报名该活动");
		}
		if (now.isAfter(activity.signupDeadline())) {
			throw new ConflictException("报名已截止");
		}
		return confirmed < activity.capacity() ? Signup.Status.CONFIRMED : Signup.Status.WAITLISTED;
	}

	/**
	 * Cancelling is allowed until the activity starts; true when a place is freed for the
	 * waitlist.
	 */
	static boolean cancel(Activity activity, Signup signup, Instant now) {
		if (signup == null || signup.status() == Signup.Status.CANCELLED) {
			throw new org.civicdispatch.web.NotFoundException("您没有报名该活动");
		}
		if (activity.completed()) {
			throw new ConflictException("活动已结束，不能取消报名");
		}
		if (!now.isBefore(activity.startsAt())) {
			throw new ConflictException("活动已开始，不能取消报名");
		}
		return signup.confirmed();
	}

	/** 签到 / 签退 of a confirmed volunteer at {@code now}. */
	static void attend(Activity activity, Signup signup, AttendanceType type, Instant now) {
		if (activity.completed()) {
			throw new ConflictException("活动已结束，不能签到或签退");
		}
		if (type == AttendanceType.IN) {
			if (signup.checkedInAt() != null) {
				throw new ConflictException("已签到，不能重复签到");
			}
			if (now.isBefore(activity.startsAt().minus(CHECK_IN_OPENS))) {
				throw new ConflictException("活动开始前 2 小时才能签到");
			}
			if (now.isAfter(activity.endsAt())) {
				throw new ConflictException("活动已结束，不能签到");
			}
			return;
		}
		if (signup.checkedInAt() == null) {
			throw new ConflictException("尚未签到，不能签退");
		}
		if (signup.checkedOutAt() != null) {
			throw new ConflictException("已签退，不能重复签退");
		}
	}

	/** Hours a staff member gives a volunteer at completion. */
	record GivenHours(UUID userId, BigDecimal hours) {
	}

	/** An attendee and the hours recorded for them. */
	record Attendee(UUID userId, BigDecimal hours) {
	}

	/**
	 * Who attended and their hours: confirmed sign-ups that checked in, plus every
	 * confirmed volunteer staff list; hours default to the checked-in time. Anyone else
	 * gets nothing.
	 */
	static List<Attendee> complete(Activity activity, List<Signup> signups, List<GivenHours> given, Instant now) {
		if (activity.completed()) {
			throw new ConflictException("活动已完成，不能重复完成");
		}
		if (now.isBefore(activity.startsAt())) {
			throw new ConflictException("活动尚未开始，不能完成");
		}
		Map<UUID, Signup> confirmed = new LinkedHashMap<>();
		for (Signup signup : signups) {
			if (signup.confirmed()) {
				confirmed.put(signup.userId(), signup);
			}
		}
		List<FieldError> errors = new ArrayList<>();
		Map<UUID, BigDecimal> hours = new LinkedHashMap<>();
		Set<UUID> listed = new HashSet<>();
		for (int i = 0; i < given.size(); i++) {
			GivenHours entry = given.get(i);
			String field = "hours[" + i + "]";
			Signup signup = confirmed.get(entry.userId());
			if (signup == null) {
				errors.add(new FieldError(field + ".userId", "该用户不是本活动已确认报名的志愿者"));
				continue;
			}
			if (!listed.add(entry.userId())) {
				errors.add(new FieldError(field + ".userId", "同一志愿者只能填写一次时长"));
				continue;
			}
			if (signup.checkedInAt() != null && signup.checkedOutAt() != null) {
				BigDecimal limit = roundUpToHalfHour(Duration.between(signup.checkedInAt(), signup.checkedOutAt()));
				if (entry.hours().compareTo(limit) > 0) {
					errors.add(new FieldError(field + ".hours",
							"时长不能超过签到至签退的时间（" + limit.stripTrailingZeros().toPlainString() + " 小时）"));
					continue;
				}
			}
			hours.put(entry.userId(), entry.hours());
		}
		if (!errors.isEmpty()) {
			throw new BadRequestException("服务时长不正确", errors);
		}
		List<Attendee> attendees = new ArrayList<>();
		for (Signup signup : confirmed.values()) {
			BigDecimal given0 = hours.get(signup.userId());
			if (given0 != null) {
				attendees.add(new Attendee(signup.userId(), given0));
			}
			else if (signup.checkedInAt() != null) {
				attendees.add(new Attendee(signup.userId(), defaultHours(activity, signup)));
			}
		}
		return attendees;
	}

	/**
	 * From check-in to check-out (or to the end when not checked out), rounded up to the
	 * half hour, 0.5–24.
	 */
	static BigDecimal defaultHours(Activity activity, Signup signup) {
		Instant until = (signup.checkedOutAt() != null) ? signup.checkedOutAt() : activity.endsAt();
		Duration time = Duration.between(signup.checkedInAt(), until);
		return roundUpToHalfHour(time.isNegative() ? Duration.ZERO : time);
	}

	/** A duration in hours rounded up to the half hour, at least 0.5 and at most 24. */
	static BigDecimal roundUpToHalfHour(Duration time) {
		long halfHours = (time.toSeconds() + 1799) / 1800;
		BigDecimal hours = BigDecimal.valueOf(Math.max(halfHours, 1)).multiply(HALF_HOUR);
		return hours.min(MAX_HOURS).setScale(2, RoundingMode.UNNECESSARY);
	}

}
