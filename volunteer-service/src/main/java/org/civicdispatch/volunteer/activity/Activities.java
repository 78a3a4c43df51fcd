package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.volunteer.account.Phones;
import org.civicdispatch.volunteer.activity.ActivityRepository.Filter;
import org.civicdispatch.volunteer.activity.ActivityRepository.MySignup;
import org.civicdispatch.volunteer.activity.ActivityRepository.NewActivity;
import org.civicdispatch.volunteer.activity.ActivityRules.GivenHours;
import org.civicdispatch.volunteer.activity.ActivityStore.SignupResult;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.volunteer.team.Categories;
import org.civicdispatch.volunteer.volunteering.Volunteers;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.FieldError;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.StaffScope;

import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * 活动报名: staff over a unit publish its activities, run check-in at the venue and complete
 * them; registered volunteers sign up (waitlisted beyond the capacity), cancel, and check
 * in and out.
 */
@Service
class Activities {

	/** Digits and capital letters without 0, O, 1 and I. */
	static final String CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

	static final int CODE_LENGTH = 8;

	private static final Pattern CODE = Pattern.compile("[" + CODE_ALPHABET + "]{" + CODE_LENGTH + "}");

	private static final Pattern CODE_SEPARATORS = Pattern.compile("[\\s\\-]");

	static final Duration MAX_AHEAD = Duration.ofDays(366);

	static final Duration MAX_LENGTH = Duration.ofHours(24);

	private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	private static final String MAY_MANAGE = "只有该单位的工作人员或管理员可以管理这个活动";

	private final SecureRandom random = new SecureRandom();

	private final ActivityRepository repository;

	private final ActivityStore store;

	private final OrgUnits orgUnits;

	private final Volunteers volunteers;

	private final StaffScope staffScope;

	private final ActivitySettings settings;

	private final Clock clock;

	Activities(ActivityRepository repository, ActivityStore store, OrgUnits orgUnits, Volunteers volunteers,
			StaffScope staffScope, ActivitySettings settings, Clock clock) {
		this.repository = repository;
		this.store = store;
		this.orgUnits = orgUnits;
		this.volunteers = volunteers;
		this.staffScope = staffScope;
		this.settings = settings;
		this.clock = clock;
	}

	@Schema(name = "ActivityCheckInCode")
	record CheckInCode(String code, Instant expiresAt) {
	}

	@Schema(name = "ActivityAttendance")
	record Attendance(AttendanceType type, Instant at) {
	}

	/** A row of the staff's sign-up list; the phone is masked ({@code 138****1234}). */
	@Schema(name = "ActivitySignupEntry")
	record SignupEntry(UUID userId, String name, String volunteerNo, String phone, Signup.Status status,
			Integer position, Instant signedUpAt, Instant checkedInAt, Instant checkedOutAt, BigDecimal hours) {
	}

	Mono<Activity> publish(CurrentUser user, NewActivity activity) {
		if (!user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有工作人员或管理员可以发布活动"));
		}
		List<FieldError> errors = new ArrayList<>();
		if (!Categories.CODES.contains(activity.category())) {
			errors.add(new FieldError("category", "服务类别不存在"));
		}
		Instant now = clock.instant();
		if (!activity.startsAt().isAfter(now)) {
			errors.add(new FieldError("startsAt", "开始时间须晚于现在"));
		}
		else if (activity.startsAt().isAfter(now.plus(MAX_AHEAD))) {
			errors.add(new FieldError("startsAt", "开始时间不能晚于 366 天之后"));
		}
		if (!activity.endsAt().isAfter(activity.startsAt())) {
			errors.add(new FieldError("endsAt", "结束时间须晚于开始时间"));
		}
		else if (activity.endsAt().isAfter(activity.startsAt().plus(MAX_LENGTH))) {
			errors.add(new FieldError("endsAt", "活动时长不能超过 24 小时"));
		}
		if (activity.signupDeadline().isAfter(activity.startsAt())) {
			errors.add(new FieldError("signupDeadline", "报名截止时间不能晚于开始时间"));
		}
		else if (activity.startsAt().isAfter(now) && !activity.signupDeadline().isAfter(now)) {
			errors.add(new FieldError("signupDeadline", "报名截止时间须晚于现在"));
		}
		if (!errors.isEmpty()) {
			return Mono.error(new BadRequestException("活动信息不正确", errors));
		}
		return orgUnits.find(activity.orgUnitId())
			.switchIfEmpty(Mono.error(() -> BadRequestException.field("orgUnitId", "组织单位不存在")))
			.flatMap((unit) -> staffScope.require(user, unit.id(), "只有该单位的工作人员或管理员可以为其发布活动"))
			.then(Mono.defer(() -> store.publish(activity)));
	}

	Mono<Activity> find(UUID id) {
		return repository.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException(ActivityStore.NOT_FOUND)));
	}

	Mono<Page<Activity>> page(Filter filter, PageRequest page) {
		List<FieldError> errors = new ArrayList<>();
		if (outOfRange(filter.from())) {
			errors.add(new FieldError("from", "时间超出允许范围"));
		}
		if (outOfRange(filter.to())) {
			errors.add(new FieldError("to", "时间超出允许范围"));
		}
		if (!errors.isEmpty()) {
			return Mono.error(new BadRequestException("查询参数不正确", errors));
		}
		if (filter.from() != null && filter.to() != null && !filter.to().isAfter(filter.from())) {
			return Mono.error(BadRequestException.field("to", "结束时间须晚于开始时间"));
		}
		return Mono.zip(repository.page(filter, page.size(), page.offset()), repository.count(filter))
			.map((parts) -> Page.of(page, parts.getT1(), parts.getT2()));
	}

	Mono<SignupResult> signUp(CurrentUser user, UUID activityId) {
		return find(activityId).then(volunteers.isVolunteer(user.id()))
			.flatMap((volunteer) -> volunteer ? store.signUp(activityId, user.id())
					: Mono.<SignupResult>error(new ForbiddenException("只有已注册的志愿者可以报名活动")));
	}

	Mono<Void> cancel(CurrentUser user, UUID activityId) {
		return store.cancel(activityId, user.id()).then();
	}

	Mono<Page<MySignup>> mySignups(CurrentUser user, PageRequest page) {
		return Mono
			.zip(repository.mySignups(user.id(), page.size(), page.offset()), repository.countMySignups(user.id()))
			.map((parts) -> Page.of(page, parts.getT1(), parts.getT2()));
	}

	Mono<List<SignupEntry>> signups(CurrentUser user, UUID activityId) {
		return managed(user, activityId).then(repository.signupRows(activityId)).map((rows) -> {
			List<SignupEntry> entries = new ArrayList<>();
			int waiting = 0;
			for (ActivityRepository.SignupRow row : rows) {
				Integer position = (row.status() == Signup.Status.WAITLISTED) ? ++waiting : null;
				entries.add(new SignupEntry(row.userId(), row.name(), row.volunteerNo(), Phones.mask(row.phone()),
						row.status(), position, row.signedUpAt(), row.checkedInAt(), row.checkedOutAt(), row.hours()));
			}
			return entries;
		});
	}

	/** A fresh code for the venue, valid for this activity only until it expires. */
	Mono<CheckInCode> issueCode(CurrentUser user, UUID activityId) {
		return managed(user, activityId).flatMap((activity) -> {
			if (activity.completed()) {
				return Mono.<CheckInCode>error(new ConflictException("活动已结束，不再需要签到码"));
			}
			Instant now = clock.instant();
			CheckInCode code = new CheckInCode(newCode(), now.plus(settings.codeTtl()));
			return repository.forgetCodesExpiredBefore(now.minus(Duration.ofHours(1)))
				.then(repository.insertCode(activityId, code.code(), user.id(), now, code.expiresAt()))
				.thenReturn(code);
		});
	}

	/** A confirmed volunteer checks in or out with the code shown at the venue. */
	Mono<Attendance> checkIn(CurrentUser user, UUID activityId, String typed, AttendanceType type) {
		String code = CODE_SEPARATORS.matcher(typed).replaceAll("").toUpperCase(java.util.Locale.ROOT);
		Mono<Void> checkCode = Mono.defer(() -> {
			if (!CODE.matcher(code).matches()) {
				return Mono.error(new InvalidCheckInCodeException("签到码不正确"));
			}
			return repository.codeExpiry(activityId, code)
				.switchIfEmpty(Mono.error(() -> new InvalidCheckInCodeException("签到码不正确或不属于本活动")))
				.flatMap((expiresAt) -> expiresAt.isAfter(clock.instant()) ? Mono.<Void>empty()
						: Mono.error(new InvalidCheckInCodeException("签到码已过期，请扫描现场最新的二维码")));
		});
		return store
			.attend(activityId, user.id(), type, checkCode,
					Mono.error(() -> new ForbiddenException("只有已确认报名本活动的志愿者可以签到")))
			.map((at) -> new Attendance(type, at));
	}

	/**
	 * Staff mark a confirmed volunteer in or out at now, by the same rules as a check-in.
	 */
	Mono<Attendance> mark(CurrentUser user, UUID activityId, UUID userId, AttendanceType type) {
		return managed(user, activityId)
			.then(store.attend(activityId, userId, type, Mono.empty(),
					Mono.error(() -> BadRequestException.field("userId", "该用户不是本活动已确认报名的志愿者"))))
			.map((at) -> new Attendance(type, at));
	}

	Mono<Activity> complete(CurrentUser user, UUID activityId, List<GivenHours> hours) {
		return managed(user, activityId).then(Mono.defer(() -> store.complete(activityId, hours)));
	}

	/**
	 * A time a list may ask about: between the years 2000 and 2200 (PostgreSQL keeps no
	 * year of ±1,000,000).
	 */
	private static boolean outOfRange(Instant time) {
		return time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST));
	}

	/** The activity, when the user is STAFF over its unit or ADMIN (else 403). */
	private Mono<Activity> managed(CurrentUser user, UUID activityId) {
		return find(activityId)
			.flatMap((activity) -> staffScope.require(user, activity.orgUnitId(), MAY_MANAGE).thenReturn(activity));
	}

	private String newCode() {
		StringBuilder code = new StringBuilder(CODE_LENGTH);
		for (int i = 0; i < CODE_LENGTH; i++) {
			code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
		}
		return code.toString();
	}

}
