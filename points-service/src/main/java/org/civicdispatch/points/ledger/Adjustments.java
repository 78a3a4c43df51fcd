package org.civicdispatch.points.ledger;

import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.PointsAdjusted;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Administrators' corrections: an adjustment with a reason, or the reversal of an earlier
 * transaction.
 */
@Component
class Adjustments {

	private final DatabaseClient db;

	private final Ledger ledger;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	Adjustments(DatabaseClient db, Ledger ledger, Outbox outbox, TransactionalOperator transactions) {
		this.db = db;
		this.ledger = ledger;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	/** Credits or debits a volunteer; a debit below zero is a 409 and changes nothing. */
	Mono<Entry> adjust(UUID adminId, UUID userId, long amount, String reason) {
		LedgerTransaction tx = LedgerTransaction.adjust(userId, amount, reason, adminId);
		return transactions.transactional(post(tx, adminId, reason));
	}

	/**
	 * Posts the opposite of an award or adjustment, once; the reversal names the
	 * transaction it corrects. Nobody reverses a transaction on their own account.
	 */
	Mono<Entry> reverse(UUID adminId, UUID transactionId, String reason) {
		return transactions.transactional(original(transactionId).flatMap(original -> {
			if (original.postings().stream().anyMatch(posting -> posting.accountId().equals(adminId))) {
				return Mono.error(new ForbiddenException("不能调整自己的积分"));
			}
			if (original.kind() != TransactionKind.AWARD && original.kind() != TransactionKind.ADJUST) {
				return Mono.error(new ConflictException("只能冲正积分发放或调整，兑换请走取消流程"));
			}
			if (original.reversedBy() != null) {
				return Mono.error(new ConflictException("该笔交易已冲正"));
			}
			String memo = "冲正 %s：%s".formatted(transactionId, reason);
			return post(LedgerTransaction.reversal(transactionId, original.postings(), memo, adminId), adminId, memo);
		}));
	}

	private Mono<Entry> post(LedgerTransaction tx, UUID adminId, String reason) {
		return ledger.post(tx).switchIfEmpty(Mono.error(() -> new ConflictException("该笔交易已处理"))).flatMap(posted -> {
			PostedTransaction.Leg leg = posted.volunteerLeg();
			Entry entry = new Entry(posted.id(), leg.accountId(), tx.kind().entryType(), leg.amount(),
					leg.balanceAfter(), tx.orderId(), tx.redemptionId(), tx.reversesId(), tx.memo(),
					posted.createdAt());
			return outbox.append(new PointsAdjusted(leg.accountId(), leg.amount(), reason, adminId, posted.id()))
				.thenReturn(entry);
		});
	}

	private Mono<Original> original(UUID transactionId) {
		Mono<List<Posting>> postings = db
			.sql("SELECT account_id, amount FROM posting WHERE transaction_id = :id ORDER BY id")
			.bind("id", transactionId)
			.map(row -> new Posting(row.get("account_id", UUID.class), row.get("amount", Long.class)))
			.all()
			.collectList();
		return db.sql("""
				SELECT t.kind, r.id AS reversed_by FROM ledger_transaction t
				LEFT JOIN ledger_transaction r ON r.reverses_id = t.id
				WHERE t.id = :id""")
			.bind("id", transactionId)
			.map(row -> new Original(TransactionKind.valueOf(row.get("kind", String.class)),
					row.get("reversed_by", UUID.class), List.of()))
			.one()
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该笔积分交易")))
			.zipWith(postings, (found, legs) -> new Original(found.kind(), found.reversedBy(), legs));
	}

	private record Original(TransactionKind kind, UUID reversedBy, List<Posting> postings) {
	}

}
