package org.civicdispatch.points.ledger;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes ledger transactions. Every method runs in the caller's R2DBC transaction, so a
 * posting commits together with the state change that caused it and its outbox event.
 */
@Component
public class Ledger {

	private final DatabaseClient db;

	Ledger(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Writes {@code tx} and moves the balances; empty when a transaction with the same
	 * idempotency key was written before (nothing changes then). Fails with
	 * {@link InsufficientPointsException} when a volunteer's balance would go below zero.
	 */
	public Mono<PostedTransaction> post(LedgerTransaction tx) {
		return Flux.fromIterable(tx.postingsInLockOrder())
			.filter(p -> !Accounts.isSystem(p.accountId()))
			.concatMap(p -> openAccount(p.accountId()))
			.then(insertTransaction(tx))
			.flatMap(createdAt -> Flux.fromIterable(tx.postingsInLockOrder())
				.concatMap(posting -> apply(tx.id(), posting, createdAt))
				.collectList()
				.map(legs -> new PostedTransaction(tx, createdAt, legs)));
	}

	/** An award as written: its transaction, the volunteer and the points. */
	public record Award(UUID transactionId, UUID volunteerId, long points) {

		public List<Posting> postings() {
			return List.of(new Posting(Accounts.ISSUANCE, -points), new Posting(volunteerId, points));
		}

	}

	/**
	 * The awards for evaluating the order (not those of an appeal) that nobody has
	 * reversed yet.
	 */
	public Flux<Award> unreversedEvaluationAwards(UUID orderId) {
		return db.sql("""
				SELECT t.id, p.account_id, p.amount FROM ledger_transaction t
				JOIN posting p ON p.transaction_id = t.id AND p.account_id <> :issuance
				WHERE t.order_id = :order AND t.kind = 'AWARD' AND t.idempotency_key LIKE 'award:%'
				  AND NOT EXISTS (SELECT 1 FROM ledger_transaction r WHERE r.reverses_id = t.id)
				ORDER BY p.account_id""")
			.bind("order", orderId)
			.bind("issuance", Accounts.ISSUANCE)
			.map(row -> new Award(row.get("id", UUID.class), row.get("account_id", UUID.class),
					row.get("amount", Long.class)))
			.all();
	}

	/**
	 * Opens a volunteer's account with a zero balance unless it exists; takes no lock on
	 * an existing one.
	 */
	public Mono<Void> openAccount(UUID userId) {
		return db.sql("INSERT INTO account (id, kind) VALUES (:id, 'VOLUNTEER') ON CONFLICT (id) DO NOTHING")
			.bind("id", userId)
			.then();
	}

	private Mono<OffsetDateTime> insertTransaction(LedgerTransaction tx) {
		return db.sql("""
				INSERT INTO ledger_transaction
				  (id, idempotency_key, kind, order_id, redemption_id, reverses_id, memo, actor_id, activity_id)
				VALUES (:id, :key, :kind, :orderId, :redemptionId, :reversesId, :memo, :actorId, :activityId)
				ON CONFLICT (idempotency_key) DO NOTHING
				RETURNING created_at""")
			.bind("id", tx.id())
			.bind("key", tx.idempotencyKey())
			.bind("kind", tx.kind().name())
			.bind("orderId", Parameter.fromOrEmpty(tx.orderId(), UUID.class))
			.bind("redemptionId", Parameter.fromOrEmpty(tx.redemptionId(), UUID.class))
			.bind("reversesId", Parameter.fromOrEmpty(tx.reversesId(), UUID.class))
			.bind("memo", tx.memo())
			.bind("actorId", Parameter.fromOrEmpty(tx.actorId(), UUID.class))
			.bind("activityId", Parameter.fromOrEmpty(tx.activityId(), UUID.class))
			.map(row -> row.get("created_at", OffsetDateTime.class))
			.one();
	}

	/**
	 * Moves one account's balance and records the posting. The row lock taken by the
	 * UPDATE is held until commit, and the guard plus the table's CHECK constraint keep a
	 * volunteer at or above zero whatever else runs at the same time.
	 */
	private Mono<PostedTransaction.Leg> apply(UUID transactionId, Posting posting, OffsetDateTime at) {
		return db.sql("""
				UPDATE account SET balance = balance + :amount
				WHERE id = :id AND (kind <> 'VOLUNTEER' OR balance + :amount >= 0)
				RETURNING balance""")
			.bind("amount", posting.amount())
			.bind("id", posting.accountId())
			.map(row -> row.get("balance", Long.class))
			.one()
			.switchIfEmpty(Mono.error(InsufficientPointsException::new))
			.flatMap(balance -> db.sql("""
					INSERT INTO posting (transaction_id, account_id, amount, balance_after, created_at)
					VALUES (:tx, :account, :amount, :balance, :at)""")
				.bind("tx", transactionId)
				.bind("account", posting.accountId())
				.bind("amount", posting.amount())
				.bind("balance", balance)
				.bind("at", at)
				.then()
				.thenReturn(new PostedTransaction.Leg(posting.accountId(), posting.amount(), balance)));
	}

}
