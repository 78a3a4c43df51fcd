package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.activity.ActivityRepository.Filter;
import org.civicdispatch.volunteer.activity.ActivityRepository.MySignup;
import org.civicdispatch.volunteer.activity.ActivityRepository.NewActivity;
import org.civicdispatch.volunteer.activity.ActivityRules.GivenHours;
import org.civicdispatch.volunteer.activity.ActivityStore.SignupResult;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.SingleLine;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** 活动报名: publish, list, sign up, check in at the venue, complete with service hours. */
@RestController
@RequestMapping("/api/activities")
class ActivityController {

	private static final String TITLE_BLANK = "活动名称不能为空";

	private static final String PLACE_BLANK = "活动地点不能为空";

	private final Activities activities;

	ActivityController(Activities activities) {
		this.activities = activities;
	}

	@Schema(name = "NewActivityRequest")
	record NewActivityRequest(
			@NotNull(message = TITLE_BLANK) @Pattern(regexp = Text.NOT_BLANK, message = TITLE_BLANK) @SingleLine(
					message = "活动名称" + Text.NOT_SINGLE_LINE) @Size(max = 100,
							message = "活动名称不能超过 100 个字符") String title,
			@Size(max = 2000, message = "活动介绍不能超过 2000 个字符") String description,
			@NotBlank(message = "服务类别不能为空") @Size(max = 32, message = "服务类别不存在") String category,
			@NotNull(message = "组织单位不能为空") UUID orgUnitId,
			@NotNull(message = PLACE_BLANK) @Pattern(regexp = Text.NOT_BLANK, message = PLACE_BLANK) @SingleLine(
					message = "活动地点" + Text.NOT_SINGLE_LINE) @Size(max = 200,
							message = "活动地点不能超过 200 个字符") String place,
			@NotNull(message = "开始时间不能为空") Instant startsAt, @NotNull(message = "结束时间不能为空") Instant endsAt,
			@NotNull(message = "人数上限不能为空") @Min(value = 1, message = "人数上限至少为 1") @Max(value = 10000,
					message = "人数上限不能超过 10000") Integer capacity,
			Instant signupDeadline) {
	}

	@Schema(name = "ActivityAttendanceRequest")
	record AttendanceRequest(@NotNull(message = "志愿者不能为空") UUID userId,
			@NotNull(message = "type 须为 IN 或 OUT") AttendanceType type) {
	}

	@Schema(name = "ActivityCheckInRequest")
	record CheckInRequest(@NotBlank(message = "请输入签到码") @Size(max = 20, message = "签到码不正确") String code,
			@NotNull(message = "type 须为 IN 或 OUT") AttendanceType type) {
	}

	@Schema(name = "ActivityHoursEntry")
	record HoursEntry(@NotNull(message = "志愿者不能为空") UUID userId,
			@NotNull(message = "服务时长不能为空") @DecimalMin(value = "0", inclusive = false,
					message = "服务时长须大于 0") @DecimalMax(value = "24", message = "服务时长不能超过 24 小时") @Digits(integer = 2,
							fraction = 2, message = "服务时长最多两位小数") BigDecimal hours) {
	}

	@Schema(name = "ActivityCompleteRequest")
	record CompleteRequest(
			@Valid @Size(max = 10000, message = "时长条目过多") List<@NotNull(message = "时长条目不能为空") HoursEntry> hours) {
	}

	/** A sign-up with its activity, for the volunteer's own list. */
	@Schema(name = "MyActivitySignup")
	record MySignupView(Activity activity, Signup.Status status, Integer position, Instant signedUpAt,
			Instant checkedInAt, Instant checkedOutAt, BigDecimal hours) {

		static MySignupView of(MySignup signup) {
			return new MySignupView(signup.activity(), signup.status(), signup.position(), signup.signedUpAt(),
					signup.checkedInAt(), signup.checkedOutAt(), signup.hours());
		}

	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Publish an activity (发布活动)", description = """
			STAFF whose scope covers `orgUnitId`, or ADMIN. `startsAt` in the future and at most 366 days \
			ahead; `endsAt` after it, at most 24 hours later; `signupDeadline` (default `startsAt`) not after \
			`startsAt`; `category` a catalogue code. Publishes `ActivityPublished`.""")
	Mono<Activity> publish(@Valid @RequestBody NewActivityRequest request, CurrentUser user) {
		Instant deadline = (request.signupDeadline() != null) ? request.signupDeadline() : request.startsAt();
		String description = (request.description() != null) ? request.description().strip() : "";
		return activities.publish(user,
				new NewActivity(UUID.randomUUID(), Text.trim(request.title()), description, request.category().strip(),
						request.orgUnitId(), Text.trim(request.place()), request.startsAt(), request.endsAt(),
						request.capacity(), deadline, user.id()));
	}

	@GetMapping
	@Operation(summary = "Activities of a unit and the units under it (public)", description = """
			All units when `orgUnitId` is absent; `startsAt` in [`from`, `to`) when given; sorted by \
			`startsAt` ascending, with the counts of confirmed and waitlisted sign-ups.""")
	Mono<Page<Activity>> list(@RequestParam(required = false) UUID orgUnitId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return activities.page(new Filter(orgUnitId, from, to), PageRequest.of(page, size));
	}

	@GetMapping("/{id}")
	@Operation(summary = "One activity (public)")
	Mono<Activity> one(@PathVariable UUID id) {
		return activities.find(id);
	}

	@PostMapping("/{id}/signups")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Sign up for an activity (报名)", description = """
			A registered volunteer (403 otherwise). `CONFIRMED` while places are left, else `WAITLISTED` \
			with the `position` in the waitlist. 409 when already signed up, after the sign-up deadline, \
			or when the activity is completed.""")
	Mono<SignupResult> signUp(@PathVariable UUID id, CurrentUser user) {
		return activities.signUp(user, id);
	}

	@DeleteMapping("/{id}/signups/me")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Cancel my sign-up (取消报名)", description = """
			Until the activity starts (409 then). A freed place goes to the earliest waitlisted volunteer \
			in the same transaction; 404 when not signed up.""")
	Mono<Void> cancel(@PathVariable UUID id, CurrentUser user) {
		return activities.cancel(user, id);
	}

	@GetMapping("/signups/me")
	@Operation(summary = "My sign-ups, newest activity first", description = """
			Each with its activity, status (`CONFIRMED`, `WAITLISTED` with `position`, `CANCELLED`), \
			check-in and check-out times, and the hours once the activity is completed.""")
	Mono<Page<MySignupView>> mine(CurrentUser user, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return activities.mySignups(user, PageRequest.of(page, size)).map((found) -> found.map(MySignupView::of));
	}

	@GetMapping("/{id}/signups")
	@Operation(summary = "The activity's sign-ups (staff)", description = """
			STAFF over the activity's unit or ADMIN. Confirmed first, then the waitlist in order; \
			cancelled sign-ups are left out; phones are masked.""")
	Mono<List<Activities.SignupEntry>> signups(@PathVariable UUID id, CurrentUser user) {
		return activities.signups(user, id);
	}

	@GetMapping("/{id}/check-in-code")
	@Operation(summary = "A check-in code to show at the venue (签到码)", description = """
			STAFF over the activity's unit. 8 characters (digits and capital letters without 0, O, 1 and \
			I), valid for this activity until `expiresAt` (2 minutes, `civic.activities.code-ttl`); the \
			console shows it as a QR code and fetches a new one before it expires.""")
	Mono<Activities.CheckInCode> code(@PathVariable UUID id, CurrentUser user) {
		return activities.issueCode(user, id);
	}

	@PostMapping("/{id}/check-ins")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "签到 or 签退 with the code shown at the venue", description = """
			A confirmed volunteer of the activity (403 otherwise). 422 when the code is wrong, expired or \
			another activity's; 409 for IN twice, OUT before IN, OUT twice, IN earlier than 2 hours before \
			the start or after the end, or when the activity is completed.""")
	Mono<Activities.Attendance> checkIn(@PathVariable UUID id, @Valid @RequestBody CheckInRequest request,
			CurrentUser user) {
		return activities.checkIn(user, id, request.code(), request.type());
	}

	@PostMapping("/{id}/attendance")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Staff mark a confirmed volunteer in or out at now", description = """
			STAFF over the activity's unit; the same rules as a check-in, without a code. 400 when the user \
			is not a confirmed sign-up.""")
	Mono<Activities.Attendance> attendance(@PathVariable UUID id, @Valid @RequestBody AttendanceRequest request,
			CurrentUser user) {
		return activities.mark(user, id, request.userId(), request.type());
	}

	@PostMapping("/{id}/complete")
	@Operation(summary = "Complete the activity with service hours (完成活动)", description = """
			STAFF over the activity's unit, after it started, once (409 again). Attendees are the confirmed \
			volunteers who checked in plus those listed in `hours`; hours default to the checked-in time \
			rounded up to the half hour (0.5–24). Each attendee gets a service record; `ActivityCompleted` \
			brings them points.""")
	Mono<Activity> complete(@PathVariable UUID id, @Valid @RequestBody(required = false) CompleteRequest request,
			CurrentUser user) {
		List<GivenHours> hours = (request == null || request.hours() == null) ? List.of()
				: request.hours().stream().map((entry) -> new GivenHours(entry.userId(), entry.hours())).toList();
		return activities.complete(user, id, hours);
	}

}
