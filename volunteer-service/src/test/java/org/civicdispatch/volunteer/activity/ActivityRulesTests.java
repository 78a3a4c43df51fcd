package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.volunteer.activity.ActivityRules.Attendee;
import org.civicdispatch.volunteer.activity.ActivityRules.GivenHours;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decisions of 活动报名 that need no database: places, check-in times and hours. */
class ActivityRulesTests {

	static final Instant START = Instant.parse("2026-06-01T01:00:00Z");

	@Test
	void hoursAreRoundedUpToTheHalfHourBetweenHalfAnHourAndADay() {
		assertThat(ActivityRules.roundUpToHalfHour(Duration.ZERO)).isEqualByComparingTo("0.5");
		assertThat(ActivityRules.roundUpToHalfHour(Duration.ofMinutes(30))).isEqualByComparingTo("0.5");
		assertThat(ActivityRules.roundUpToHalfHour(Duration.ofMinutes(30).plusSeconds(1))).isEqualByComparingTo("1");
		assertThat(ActivityRules.roundUpToHalfHour(Duration.ofMinutes(119))).isEqualByComparingTo("2");
		assertThat(ActivityRules.roundUpToHalfHour(Duration.ofHours(30))).isEqualByComparingTo("24");
	}

	@Test
	void theLastPlaceConfirmsAndTheNextWaitsWhileTheDeadlineHolds() {
		Activity activity = activity(2);
		assertThat(ActivityRules.signUp(activity, null, 1, START.minusSeconds(60))).isEqualTo(Signup.Status.CONFIRMED);
		assertThat(ActivityRules.signUp(activity, null, 2, START.minusSeconds(60))).isEqualTo(Signup.Status.WAITLISTED);
		assertThatThrownBy(() -> ActivityRules.signUp(activity, null, 0, START.plusSeconds(1)))
			.isInstanceOf(ConflictException.class)
			.hasMessage("报名已截止");
	}

	@Test
	void checkInOpensTwoHoursBeforeTheStartAndClosesAtTheEnd() {
		Activity activity = activity(5);
		Signup signup = signup(null, null);
		assertThatThrownBy(() -> ActivityRules.attend(activity, signup, AttendanceType.IN,
				START.minus(Duration.ofHours(2)).minusSeconds(1)))
			.isInstanceOf(ConflictException.class);
		ActivityRules.attend(activity, signup, AttendanceType.IN, START.minus(Duration.ofHours(2)));
		ActivityRules.attend(activity, signup, AttendanceType.IN, START.plus(Duration.ofHours(2)));
		assertThatThrownBy(() -> ActivityRules.attend(activity, signup, AttendanceType.IN,
				START.plus(Duration.ofHours(2)).plusSeconds(1)))
			.isInstanceOf(ConflictException.class);
	}

	@Test
	void attendeesAreWhoCheckedInAndWhoStaffListedWithTheirHours() {
		Activity activity = activity(5);
		Signup stayed = signup(START.minusSeconds(600), null);
		Signup leftEarly = signup(START, START.plus(Duration.ofMinutes(50)));
		Signup absent = signup(null, null);
		Signup listed = signup(null, null);
		List<Attendee> attendees = ActivityRules.complete(activity, List.of(stayed, leftEarly, absent, listed),
				List.of(new GivenHours(listed.userId(), new BigDecimal("1.25"))), START.plus(Duration.ofHours(3)));
		assertThat(attendees).extracting(Attendee::userId)
			.containsExactly(stayed.userId(), leftEarly.userId(), listed.userId());
		// 2 h 10 min to the end → 2.5; 50 min → 1; given 1.25
		assertThat(attendees).extracting((a) -> a.hours().stripTrailingZeros().toPlainString())
			.containsExactly("2.5", "1", "1.25");
		assertThatThrownBy(() -> ActivityRules.complete(activity, List.of(leftEarly),
				List.of(new GivenHours(leftEarly.userId(), new BigDecimal("1.5"))), START.plus(Duration.ofHours(3))))
			.isInstanceOf(BadRequestException.class);
	}

	private static Activity activity(int capacity) {
		return new Activity(UUID.randomUUID(), "活动", "", "THEORY", UUID.randomUUID(), "站", "会议室", START,
				START.plus(Duration.ofHours(2)), capacity, START, Activity.Status.PUBLISHED, 0, 0, START, null);
	}

	private static Signup signup(Instant in, Instant out) {
		return new Signup(UUID.randomUUID(), UUID.randomUUID(), 1, Signup.Status.CONFIRMED, START, in, out, null);
	}

}
