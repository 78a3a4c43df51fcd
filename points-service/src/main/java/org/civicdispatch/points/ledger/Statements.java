package org.civicdispatch.points.ledger;

import java.util.UUID;

import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What a volunteer sees of the ledger: balance, totals and the statement, newest first.
 */
@Component
class Statements {

	private final DatabaseClient db;

	Statements(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Balance, points earned (awards less reversed awards) and points redeemed (net of
	 * refunds); empty when the user has no account.
	 */
	Mono<AccountSummary> summary(UUID userId) {
		return db.sql("""
				SELECT a.balance,
				  coalesce(sum(p.amount) FILTER (WHERE t.kind = 'AWARD' OR reversed.kind = 'AWARD'), 0) AS earned,
				  coalesce(-sum(p.amount) FILTER (WHERE t.kind IN ('REDEEM', 'REFUND')), 0) AS redeemed
				FROM account a
				LEFT JOIN posting p ON p.account_id = a.id
				LEFT JOIN ledger_transaction t ON t.id = p.transaction_id
				LEFT JOIN ledger_transaction reversed ON reversed.id = t.reverses_id
				WHERE a.id = :id AND a.kind = 'VOLUNTEER'
				GROUP BY a.balance""")
			.bind("id", userId)
			.map(row -> new AccountSummary(userId, row.get("balance", Long.class),
					row.get("earned", Number.class).longValue(), row.get("redeemed", Number.class).longValue()))
			.one();
	}

	/** Whether the user has a (volunteer) account, even without a posting. */
	Mono<Boolean> hasAccount(UUID userId) {
		return db.sql("SELECT 1 FROM account WHERE id = :id AND kind = 'VOLUNTEER'")
			.bind("id", userId)
			.map(row -> true)
			.one()
			.defaultIfEmpty(false);
	}

	Mono<Page<Entry>> entries(UUID userId, PageRequest page) {
		Mono<Long> total = db.sql("SELECT count(*) AS n FROM posting WHERE account_id = :id")
			.bind("id", userId)
			.map(row -> row.get("n", Long.class))
			.one();
		return db.sql("SELECT " + Entry.COLUMNS + """

				FROM posting p JOIN ledger_transaction t ON t.id = p.transaction_id
				WHERE p.account_id = :id
				ORDER BY p.id DESC LIMIT :limit OFFSET :offset""")
			.bind("id", userId)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Entry::from)
			.all()
			.collectList()
			.zipWith(total, (items, count) -> Page.of(page, items, count));
	}

	record AccountSummary(UUID userId, long balance, long earned, long redeemed) {

		static AccountSummary empty(UUID userId) {
			return new AccountSummary(userId, 0, 0, 0);
		}

	}

}
