package org.civicdispatch.volunteer.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.civicdispatch.events.ActivityCompleted;
import org.civicdispatch.events.ActivityPublished;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.activity.ActivityRepository.NewActivity;
import org.civicdispatch.volunteer.activity.ActivityRules.GivenHours;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.NotFoundException;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs each change of 活动报名 in one transaction: reads what it needs under a lock, lets
 * {@link ActivityRules} decide, writes the change and appends its event to the outbox.
 */
@Component
class ActivityStore {

	static final String NOT_FOUND = "找不到该活动";

	private final ActivityRepository repository;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	private final Clock clock;

	ActivityStore(ActivityRepository repository, Outbox outbox, TransactionalOperator transactions, Clock clock) {
		this.repository = repository;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * What a sign-up became; {@code position} is the place in the waitlist (1-based),
	 * null when confirmed.
	 */
	@Schema(name = "ActivitySignup")
	record SignupResult(UUID activityId, UUID userId, Signup.Status status, Integer position) {
	}

	Mono<Activity> publish(NewActivity activity) {
		return repository.insert(activity)
			.then(repository.find(activity.id()))
			.flatMap((saved) -> outbox
				.append(new ActivityPublished(saved.id(), saved.orgUnitId(), saved.category(), saved.title(),
						saved.startsAt(), saved.endsAt(), saved.capacity()))
				.thenReturn(saved))
			.as(transactions::transactional);
	}

	/**
	 * The activity's row is locked, so concurrent sign-ups count the confirmed places one
	 * after the other.
	 */
	Mono<SignupResult> signUp(UUID activityId, UUID userId) {
		return locked(activityId).flatMap((activity) -> repository.signup(activityId, userId)
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((existing) -> {
				Instant now = clock.instant();
				Signup.Status status = ActivityRules.signUp(activity, existing.orElse(null), activity.confirmed(), now);
				return repository.upsertSignup(activityId, userId, status, now)
					.switchIfEmpty(Mono.error(() -> new ConflictException("您已报名该活动")));
			}))
			.flatMap((signup) -> (signup.status() == Signup.Status.WAITLISTED)
					? repository.position(activityId, signup.seq())
						.map((position) -> new SignupResult(activityId, userId, signup.status(), position))
					: Mono.just(new SignupResult(activityId, userId, signup.status(), null)))
			.as(transactions::transactional);
	}

	/**
	 * Cancels the sign-up; a freed place goes to the earliest waitlisted, whose id is
	 * returned.
	 */
	Mono<UUID> cancel(UUID activityId, UUID userId) {
		return locked(activityId).flatMap((activity) -> repository.signup(activityId, userId)
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((signup) -> {
				Instant now = clock.instant();
				boolean freesPlace = ActivityRules.cancel(activity, signup.orElse(null), now);
				Mono<Void> cancel = repository.cancel(activityId, userId, now);
				return freesPlace ? cancel.then(repository.promoteFirstWaitlisted(activityId))
						: cancel.then(Mono.<UUID>empty());
			})).as(transactions::transactional);
	}

	/**
	 * 签到 / 签退 of {@code userId} at now. {@code checkCode} runs once the volunteer is
	 * known to be confirmed and the activity not completed (a volunteer's own check-in);
	 * staff marking attendance pass none. The activity's row is shared-locked so that a
	 * completion waits for it.
	 */
	Mono<Instant> attend(UUID activityId, UUID userId, AttendanceType type, Mono<Void> checkCode,
			Mono<Signup> whenNotConfirmed) {
		return repository.lockShared(activityId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException(NOT_FOUND)))
			.flatMap((activity) -> repository.lockSignup(activityId, userId)
				.filter(Signup::confirmed)
				.switchIfEmpty(whenNotConfirmed)
				.flatMap((signup) -> {
					if (activity.completed()) {
						return Mono.<Instant>error(new ConflictException("活动已结束，不能签到或签退"));
					}
					return checkCode.then(Mono.defer(() -> {
						Instant now = clock.instant();
						ActivityRules.attend(activity, signup, type, now);
						return repository.attend(activityId, userId, type, now).thenReturn(now);
					}));
				}))
			.as(transactions::transactional);
	}

	/**
	 * Completes the activity in one transaction: its status, each attendee's hours, a
	 * service record per attendee and {@code ActivityCompleted} with the attendees.
	 */
	Mono<Activity> complete(UUID activityId, List<GivenHours> given) {
		return locked(activityId).flatMap((activity) -> repository.signups(activityId).flatMap((signups) -> {
			Instant now = clock.instant();
			List<ActivityRules.Attendee> attendees = ActivityRules.complete(activity, signups, given, now);
			return repository.markCompleted(activityId, now)
				.thenMany(Flux.fromIterable(attendees)
					.concatMap((attendee) -> repository.recordHours(activityId, attendee.userId(), attendee.hours())
						.then(repository.insertServiceRecord(activity, attendee.userId(), attendee.hours()))))
				.then(outbox.append(new ActivityCompleted(activity.id(), activity.orgUnitId(), activity.category(),
						activity.title(),
						attendees.stream()
							.map((attendee) -> new ActivityCompleted.Attendee(attendee.userId(), attendee.hours()))
							.toList())))
				.then(repository.find(activityId));
		})).as(transactions::transactional);
	}

	private Mono<Activity> locked(UUID activityId) {
		return repository.lock(activityId).switchIfEmpty(Mono.error(() -> new NotFoundException(NOT_FOUND)));
	}

}
