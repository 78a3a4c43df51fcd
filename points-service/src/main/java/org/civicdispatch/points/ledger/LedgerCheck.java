package org.civicdispatch.points.ledger;

import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Recomputes the ledger from its postings alone: every transaction has at least two
 * postings summing to zero, every stored balance equals the sum of its account's
 * postings, and no volunteer is below zero. {@code issued} is what issuance gave out (net
 * of debits and reversals), {@code redeemed} what the store took in (net of refunds),
 * {@code outstanding} what volunteers hold; balanced books have issued = redeemed +
 * outstanding.
 */
@Component
class LedgerCheck {

	private final DatabaseClient db;

	LedgerCheck(DatabaseClient db) {
		this.db = db;
	}

	Mono<Result> run() {
		Mono<List<UnbalancedTransaction>> unbalanced = db.sql("""
				SELECT t.id, count(p.id) AS legs, coalesce(sum(p.amount), 0) AS total
				FROM ledger_transaction t LEFT JOIN posting p ON p.transaction_id = t.id
				GROUP BY t.id
				HAVING count(p.id) < 2 OR coalesce(sum(p.amount), 0) <> 0
				LIMIT 100""")
			.map(row -> new UnbalancedTransaction(row.get("id", UUID.class), row.get("legs", Long.class),
					row.get("total", Number.class).longValue()))
			.all()
			.collectList();
		Mono<List<Mismatch>> mismatches = db.sql("""
				SELECT a.id, a.kind, a.balance, coalesce(s.total, 0) AS computed
				FROM account a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM posting GROUP BY account_id) s
				  ON s.account_id = a.id
				WHERE a.balance <> coalesce(s.total, 0) OR (a.kind = 'VOLUNTEER' AND coalesce(s.total, 0) < 0)
				ORDER BY a.id
				LIMIT 100""")
			.map(row -> new Mismatch(row.get("id", UUID.class), row.get("kind", String.class),
					row.get("balance", Long.class), row.get("computed", Number.class).longValue()))
			.all()
			.collectList();
		Mono<Totals> totals = db.sql("""
				SELECT
				  coalesce(-sum(amount) FILTER (WHERE account_id = :issuance), 0) AS issued,
				  coalesce(sum(amount) FILTER (WHERE account_id = :store), 0) AS redeemed,
				  coalesce(sum(amount) FILTER (WHERE account_id NOT IN (:issuance, :store)), 0) AS outstanding,
				  count(DISTINCT transaction_id) AS transactions
				FROM posting""")
			.bind("issuance", Accounts.ISSUANCE)
			.bind("store", Accounts.STORE)
			.map(row -> new Totals(row.get("issued", Number.class).longValue(),
					row.get("redeemed", Number.class).longValue(), row.get("outstanding", Number.class).longValue(),
					row.get("transactions", Long.class)))
			.one();
		return Mono.zip(unbalanced, mismatches, totals)
			.map(all -> new Result(all.getT1().isEmpty() && all.getT2().isEmpty(), all.getT3().issued(),
					all.getT3().redeemed(), all.getT3().outstanding(), all.getT3().transactions(), all.getT1(),
					all.getT2()));
	}

	record Result(boolean balanced, long issued, long redeemed, long outstanding, long transactions,
			List<UnbalancedTransaction> unbalancedTransactions, List<Mismatch> mismatchedAccounts) {
	}

	record UnbalancedTransaction(UUID transactionId, long postings, long sum) {
	}

	record Mismatch(UUID accountId, String kind, long storedBalance, long computedBalance) {
	}

	private record Totals(long issued, long redeemed, long outstanding, long transactions) {
	}

}
