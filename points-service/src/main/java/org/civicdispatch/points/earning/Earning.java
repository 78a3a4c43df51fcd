package org.civicdispatch.points.earning;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicdispatch.events.AppealDecided;
import org.civicdispatch.events.ApprovedHours;
import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.IntegrationEvent;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.PointsAdjusted;
import org.civicdispatch.events.PointsAwarded;
import org.civicdispatch.events.Topics;
import org.civicdispatch.messaging.AfterCommit;
import org.civicdispatch.messaging.Inbox;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.points.ledger.Accounts;
import org.civicdispatch.points.ledger.Ledger;
import org.civicdispatch.points.ledger.LedgerTransaction;
import org.civicdispatch.points.ledger.PointsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 以行积分: awards every volunteer of an evaluated order by the rule in force when it was
 * evaluated. The inbox applies an event once; the award's idempotency key
 * ({@code award:<orderId>:<volunteerId>}) keeps it to one award even if the same order is
 * announced again under a new event id.
 */
@Component
class Earning {

	private static final Logger log = LoggerFactory.getLogger(Earning.class);

	/**
	 * Of the order events, only an evaluation and an appeal decision move points: the
	 * others cost no inbox transaction.
	 */
	private static final Set<Class<? extends IntegrationEvent>> APPLIES = Set.of(OrderEvaluated.class,
			AppealDecided.class);

	private final Inbox inbox;

	private final Outbox outbox;

	private final Ledger ledger;

	private final PointRules rules;

	private final PointsMetrics metrics;

	private final Clock clock;

	Earning(Inbox inbox, Outbox outbox, Ledger ledger, PointRules rules, PointsMetrics metrics, Clock clock) {
		this.inbox = inbox;
		this.outbox = outbox;
		this.ledger = ledger;
		this.rules = rules;
		this.metrics = metrics;
		this.clock = clock;
	}

	@KafkaListener(topics = Topics.ORDER_EVENTS, groupId = "points-service${civic.messaging.group-suffix:}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return inbox.consumeEnvelope(record, APPLIES, this::apply);
	}

	private Mono<Void> apply(EventEnvelope<IntegrationEvent> envelope) {
		if (envelope.data() instanceof OrderEvaluated evaluated) {
			Instant evaluatedAt = envelope.time() != null ? envelope.time() : clock.instant();
			return award(evaluated, evaluatedAt);
		}
		if (envelope.data() instanceof AppealDecided decided && decided.upheld()) {
			return correct(decided);
		}
		return Mono.empty();
	}

	/**
	 * 申诉 upheld: the order's awards are reversed and the volunteers awarded again from
	 * the revised rating and hours, by the rule that was in force when the order was
	 * evaluated. Both name the order. The new awards go first, so that a volunteer who
	 * has spent some of the points meanwhile is corrected by the difference whenever the
	 * balance allows it. Each posting has its own idempotency key, so the same decision
	 * announced again changes nothing.
	 */
	Mono<Void> correct(AppealDecided decided) {
		Instant ruleAt = decided.evaluatedAt() != null ? decided.evaluatedAt() : clock.instant();
		UUID orderId = decided.orderId();
		Mono<Void> reverse = ledger.unreversedEvaluationAwards(orderId)
			.concatMap(original -> ledger
				.post(LedgerTransaction.awardReversal(orderId, original.transactionId(), original.postings(),
						"订单 %s 申诉改判，冲正原奖励 %d 分".formatted(orderId, original.points()), decided.decidedBy()))
				.flatMap(posted -> {
					log.info("Reversed award {} of order {} after an upheld appeal", original.transactionId(), orderId);
					return outbox.append(new PointsAdjusted(original.volunteerId(), -original.points(),
							"订单 %s 申诉改判，冲正原奖励".formatted(orderId), decided.decidedBy(), posted.id()));
				}))
			.then();
		return rules.effectiveAt(ruleAt).map(PointRules.Version::rule).flatMap(rule -> {
			var inLockOrder = hoursInLockOrder(decided.volunteers());
			return Flux.fromIterable(inLockOrder)
				.concatMap(entry -> ledger.openAccount(entry.getKey()))
				.thenMany(Flux.fromIterable(inLockOrder))
				.concatMap(entry -> {
					PointRule.Award award = rule.award(entry.getValue(), decided.category(), decided.finalRating());
					if (award.points() <= 0) {
						return Mono.empty();
					}
					String memo = "订单 %s 申诉改判，重新计算%s".formatted(orderId, award.memo());
					return ledger.post(LedgerTransaction.appealAward(orderId, entry.getKey(), award.points(), memo))
						.flatMap(posted -> outbox
							.append(new PointsAwarded(entry.getKey(), orderId, award.points(), posted.id()))
							.then(AfterCommit.run(() -> metrics.awarded(award.points()))));
				})
				.then();
		}).then(reverse);
	}

	private static List<Map.Entry<UUID, BigDecimal>> hoursInLockOrder(List<ApprovedHours> volunteers) {
		Map<UUID, BigDecimal> hoursByVolunteer = new LinkedHashMap<>();
		for (ApprovedHours hours : volunteers) {
			if (hours.volunteerId() != null && hours.approvedHours() != null
					&& !Accounts.isSystem(hours.volunteerId())) {
				hoursByVolunteer.merge(hours.volunteerId(), hours.approvedHours(), BigDecimal::add);
			}
		}
		return hoursByVolunteer.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.comparing(UUID::toString)))
			.toList();
	}

	/**
	 * Awards the order's volunteers in the caller's transaction, each with its
	 * PointsAwarded event.
	 */
	Mono<Void> award(OrderEvaluated order, Instant evaluatedAt) {
		return rules.effectiveAt(evaluatedAt).map(PointRules.Version::rule).flatMap(rule -> {
			var inLockOrder = hoursInLockOrder(order.volunteers());
			// open every account before the first award locks the issuance account
			return Flux.fromIterable(inLockOrder)
				.concatMap(entry -> ledger.openAccount(entry.getKey()))
				.thenMany(Flux.fromIterable(inLockOrder))
				.concatMap(entry -> {
					PointRule.Award award = rule.award(entry.getValue(), order.category(), order.finalRating());
					if (award.points() <= 0) {
						return Mono.empty();
					}
					String memo = "订单 %s %s".formatted(order.orderId(), award.memo());
					return ledger.post(LedgerTransaction.award(order.orderId(), entry.getKey(), award.points(), memo))
						.flatMap(posted -> {
							log.info("Awarded {} points to {} for order {}", award.points(), entry.getKey(),
									order.orderId());
							return outbox
								.append(new PointsAwarded(entry.getKey(), order.orderId(), award.points(), posted.id()))
								.then(AfterCommit.run(() -> metrics.awarded(award.points())));
						});
				})
				.then();
		});
	}

}
