package org.civicdispatch.points.earning;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.civicdispatch.events.ActivityCompleted;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.PointsAwarded;
import org.civicdispatch.messaging.AfterCommit;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.points.ledger.Accounts;
import org.civicdispatch.points.ledger.Ledger;
import org.civicdispatch.points.ledger.LedgerTransaction;
import org.civicdispatch.points.ledger.PointsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 活动报名: awards every attendee of a completed activity by the point rule in force when it
 * was completed, with a rating factor of 1.0, naming the activity in the memo. The inbox
 * applies an event once; the idempotency key
 * {@code activity-award:<activityId>:<volunteerId>} keeps it to one award per attendee
 * even if the completion is announced again under a new event id.
 * <p>
 * Its own consumer group on volunteer.events.v1, beside {@code People}'s: each group
 * reads every partition, so neither takes records away from the other.
 */
@Component
class ActivityEarning {

	private static final Logger log = LoggerFactory.getLogger(ActivityEarning.class);

	/** The volunteer events {@link #apply} handles. */
	public static final Set<Class<? extends IntegrationEvent>> APPLIES = Set.of(ActivityCompleted.class);

	private final Outbox outbox;

	private final Ledger ledger;

	private final PointRules rules;

	private final PointsMetrics metrics;

	private final Clock clock;

	ActivityEarning(Outbox outbox, Ledger ledger, PointRules rules, PointsMetrics metrics, Clock clock) {
		this.outbox = outbox;
		this.ledger = ledger;
		this.rules = rules;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Applies one of the {@link #APPLIES} events, in the inbox's transaction
	 * ({@code VolunteerEventsListener}).
	 */
	public Mono<Void> apply(EventEnvelope<IntegrationEvent> envelope) {
		if (envelope.data() instanceof ActivityCompleted completed) {
			return award(completed, envelope.time() != null ? envelope.time() : clock.instant());
		}
		return Mono.empty();
	}

	/**
	 * Awards the attendees in the caller's transaction, each with its PointsAwarded
	 * event.
	 */
	Mono<Void> award(ActivityCompleted activity, Instant completedAt) {
		List<ActivityCompleted.Attendee> inLockOrder = activity.attendees()
			.stream()
			.filter(attendee -> attendee.volunteerId() != null && attendee.hours() != null
					&& attendee.hours().signum() > 0 && !Accounts.isSystem(attendee.volunteerId()))
			.sorted(Comparator.comparing(attendee -> attendee.volunteerId().toString()))
			.distinct()
			.toList();
		return rules.effectiveAt(completedAt)
			.map(PointRules.Version::rule)
			.flatMap(rule -> Flux.fromIterable(inLockOrder)
				// open every account before the first award locks the issuance account
				.concatMap(attendee -> ledger.openAccount(attendee.volunteerId()))
				.thenMany(Flux.fromIterable(inLockOrder))
				.concatMap(attendee -> {
					PointRule.Award award = rule.award(attendee.hours(), activity.category(), null);
					if (award.points() <= 0) {
						return Mono.empty();
					}
					String memo = "活动《%s》 %s".formatted(activity.title(), award.memo());
					return ledger
						.post(LedgerTransaction.activityAward(activity.activityId(), attendee.volunteerId(),
								award.points(), memo))
						.flatMap(posted -> {
							log.info("Awarded {} points to {} for activity {}", award.points(), attendee.volunteerId(),
									activity.activityId());
							return outbox
								.append(new PointsAwarded(attendee.volunteerId(), null, award.points(), posted.id(),
										activity.activityId()))
								.then(AfterCommit.run(() -> metrics.awarded(award.points())));
						});
				})
				.then());
	}

}
