package org.civicdispatch.points.ledger;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A ledger transaction about to be written: what caused it, a unique idempotency key, and
 * postings that sum to zero. The factories below are the only ways the service moves
 * points, so every transaction names its cause and balances by construction; the database
 * checks it again at commit.
 */
public record LedgerTransaction(UUID id, String idempotencyKey, TransactionKind kind, UUID orderId, UUID redemptionId,
		UUID reversesId, String memo, UUID actorId, List<Posting> postings, UUID activityId) {

	/** A transaction that names no activity. */
	public LedgerTransaction(UUID id, String idempotencyKey, TransactionKind kind, UUID orderId, UUID redemptionId,
			UUID reversesId, String memo, UUID actorId, List<Posting> postings) {
		this(id, idempotencyKey, kind, orderId, redemptionId, reversesId, memo, actorId, postings, null);
	}

	public LedgerTransaction {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(memo, "memo");
		postings = List.copyOf(postings);
		if (postings.size() < 2) {
			throw new IllegalArgumentException("a transaction has at least two postings");
		}
		long sum = 0;
		var accounts = new HashSet<UUID>();
		for (Posting posting : postings) {
			sum = Math.addExact(sum, posting.amount());
			if (!accounts.add(posting.accountId())) {
				throw new IllegalArgumentException("a transaction posts to an account once");
			}
		}
		if (sum != 0) {
			throw new IllegalArgumentException("postings of a transaction sum to zero, not " + sum);
		}
	}

	/**
	 * 以行积分: points for one volunteer on one order, at most once per order and volunteer.
	 */
	public static LedgerTransaction award(UUID orderId, UUID volunteerId, long points, String memo) {
		requirePositive(points);
		return new LedgerTransaction(UUID.randomUUID(), "award:" + orderId + ":" + volunteerId, TransactionKind.AWARD,
				orderId, null, null, memo, null,
				List.of(new Posting(Accounts.ISSUANCE, -points), new Posting(volunteerId, points)));
	}

	/**
	 * 活动报名: points for one attendee of a completed activity, at most once per activity
	 * and volunteer.
	 */
	public static LedgerTransaction activityAward(UUID activityId, UUID volunteerId, long points, String memo) {
		requirePositive(points);
		return new LedgerTransaction(UUID.randomUUID(), "activity-award:" + activityId + ":" + volunteerId,
				TransactionKind.AWARD, null, null, null, memo, null,
				List.of(new Posting(Accounts.ISSUANCE, -points), new Posting(volunteerId, points)), activityId);
	}

	/**
	 * 申诉 upheld: the award that replaces a reversed one, once per order and volunteer
	 * (one appeal per order); its key differs from the original award's so that the
	 * original stays the one reversed.
	 */
	public static LedgerTransaction appealAward(UUID orderId, UUID volunteerId, long points, String memo) {
		requirePositive(points);
		return new LedgerTransaction(UUID.randomUUID(), "appeal-award:" + orderId + ":" + volunteerId,
				TransactionKind.AWARD, orderId, null, null, memo, null,
				List.of(new Posting(Accounts.ISSUANCE, -points), new Posting(volunteerId, points)));
	}

	/**
	 * 申诉 upheld: the opposite of an award of {@code orderId}, naming the order and the
	 * staff member who decided the appeal; once per award, whoever reverses it.
	 */
	public static LedgerTransaction awardReversal(UUID orderId, UUID awardId, List<Posting> awardPostings, String memo,
			UUID decidedBy) {
		return new LedgerTransaction(UUID.randomUUID(), "reverse:" + awardId, TransactionKind.REVERSAL, orderId, null,
				awardId, memo, decidedBy, awardPostings.stream().map(Posting::negated).toList());
	}

	/** Points a volunteer spends on a redemption move to the store. */
	public static LedgerTransaction redeem(UUID redemptionId, UUID volunteerId, long points, String memo) {
		requirePositive(points);
		return new LedgerTransaction(UUID.randomUUID(), "redeem:" + redemptionId, TransactionKind.REDEEM, null,
				redemptionId, null, memo, volunteerId,
				List.of(new Posting(volunteerId, -points), new Posting(Accounts.STORE, points)));
	}

	/** A cancelled or expired redemption's points go back to the volunteer, once. */
	public static LedgerTransaction refund(UUID redemptionId, UUID volunteerId, long points, String memo,
			UUID actorId) {
		requirePositive(points);
		return new LedgerTransaction(UUID.randomUUID(), "refund:" + redemptionId, TransactionKind.REFUND, null,
				redemptionId, null, memo, actorId,
				List.of(new Posting(Accounts.STORE, -points), new Posting(volunteerId, points)));
	}

	/**
	 * An administrator credits ({@code amount > 0}) or debits a volunteer, against
	 * issuance.
	 */
	public static LedgerTransaction adjust(UUID volunteerId, long amount, String reason, UUID adminId) {
		UUID id = UUID.randomUUID();
		return new LedgerTransaction(id, "adjust:" + id, TransactionKind.ADJUST, null, null, null, reason, adminId,
				List.of(new Posting(Accounts.ISSUANCE, Math.negateExact(amount)), new Posting(volunteerId, amount)));
	}

	/**
	 * The opposite of {@code original}: every posting negated, naming the transaction it
	 * corrects.
	 */
	public static LedgerTransaction reversal(UUID originalId, List<Posting> originalPostings, String reason,
			UUID adminId) {
		return new LedgerTransaction(UUID.randomUUID(), "reverse:" + originalId, TransactionKind.REVERSAL, null, null,
				originalId, reason, adminId, originalPostings.stream().map(Posting::negated).toList());
	}

	/**
	 * The postings in the order their accounts are locked. Every writer locks accounts in
	 * this one order (the text form of a UUID sorts as PostgreSQL sorts uuids), so two
	 * transactions never wait on each other's accounts in a cycle.
	 */
	public List<Posting> postingsInLockOrder() {
		return postings.stream().sorted(Comparator.comparing(p -> p.accountId().toString())).toList();
	}

	/**
	 * The posting on a volunteer's account (every transaction this service writes has
	 * exactly one).
	 */
	public Posting volunteerPosting() {
		return postings.stream()
			.filter(p -> !Accounts.isSystem(p.accountId()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("transaction " + id + " has no volunteer posting"));
	}

	private static void requirePositive(long points) {
		if (points <= 0) {
			throw new IllegalArgumentException("points must be positive, not " + points);
		}
	}

}
