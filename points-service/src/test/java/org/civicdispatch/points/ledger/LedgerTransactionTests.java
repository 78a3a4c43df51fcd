package org.civicdispatch.points.ledger;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LedgerTransactionTests {

	private final UUID volunteer = UUID.randomUUID();

	private final UUID order = UUID.randomUUID();

	@Test
	void awardMovesPointsFromIssuanceToTheVolunteerOncePerOrderAndVolunteer() {
		LedgerTransaction award = LedgerTransaction.award(order, volunteer, 45, "memo");

		assertThat(award.postings()).containsExactlyInAnyOrder(new Posting(Accounts.ISSUANCE, -45),
				new Posting(volunteer, 45));
		assertThat(award.idempotencyKey()).isEqualTo("award:" + order + ":" + volunteer);
		assertThat(LedgerTransaction.award(order, volunteer, 45, "again").idempotencyKey())
			.isEqualTo(award.idempotencyKey());
		assertThat(award.orderId()).isEqualTo(order);
	}

	@Test
	void redeemAndRefundMoveBetweenVolunteerAndStore() {
		UUID redemption = UUID.randomUUID();

		assertThat(LedgerTransaction.redeem(redemption, volunteer, 30, "m").postings())
			.containsExactlyInAnyOrder(new Posting(volunteer, -30), new Posting(Accounts.STORE, 30));
		LedgerTransaction refund = LedgerTransaction.refund(redemption, volunteer, 30, "m", volunteer);
		assertThat(refund.postings()).containsExactlyInAnyOrder(new Posting(Accounts.STORE, -30),
				new Posting(volunteer, 30));
		assertThat(refund.idempotencyKey()).isEqualTo("refund:" + redemption);
	}

	@Test
	void adjustmentMayDebitAndEachHasItsOwnKey() {
		UUID admin = UUID.randomUUID();
		LedgerTransaction debit = LedgerTransaction.adjust(volunteer, -7, "录入错误", admin);

		assertThat(debit.volunteerPosting()).isEqualTo(new Posting(volunteer, -7));
		assertThat(debit.actorId()).isEqualTo(admin);
		assertThat(LedgerTransaction.adjust(volunteer, -7, "录入错误", admin).idempotencyKey())
			.isNotEqualTo(debit.idempotencyKey());
	}

	@Test
	void reversalNegatesEveryPostingAndNamesTheOriginal() {
		LedgerTransaction award = LedgerTransaction.award(order, volunteer, 45, "memo");

		LedgerTransaction reversal = LedgerTransaction.reversal(award.id(), award.postings(), "重复发放",
				UUID.randomUUID());

		assertThat(reversal.postings()).containsExactlyInAnyOrder(new Posting(Accounts.ISSUANCE, 45),
				new Posting(volunteer, -45));
		assertThat(reversal.reversesId()).isEqualTo(award.id());
		assertThat(reversal.kind()).isEqualTo(TransactionKind.REVERSAL);
		assertThat(reversal.kind().entryType()).isEqualTo("ADJUST");
	}

	@Test
	void unbalancedOrDegenerateTransactionsCannotBeBuilt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LedgerTransaction(UUID.randomUUID(), "k", TransactionKind.ADJUST, null, null, null,
					"m", null, List.of(new Posting(Accounts.ISSUANCE, -5), new Posting(volunteer, 4))));
		assertThatIllegalArgumentException().isThrownBy(() -> new LedgerTransaction(UUID.randomUUID(), "k",
				TransactionKind.ADJUST, null, null, null, "m", null, List.of(new Posting(volunteer, 4))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LedgerTransaction(UUID.randomUUID(), "k", TransactionKind.ADJUST, null, null, null,
					"m", null, List.of(new Posting(volunteer, -5), new Posting(volunteer, 5))));
		assertThatIllegalArgumentException().isThrownBy(() -> new Posting(volunteer, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> LedgerTransaction.award(order, volunteer, 0, "m"));
	}

	@Test
	void accountsAreLockedInTheOrderPostgresSortsUuids() {
		// Java compares UUIDs as signed longs; PostgreSQL compares bytes unsigned, as
		// their text does
		UUID high = UUID.fromString("f0000000-0000-0000-0000-000000000000");
		UUID low = UUID.fromString("10000000-0000-0000-0000-000000000000");
		LedgerTransaction tx = new LedgerTransaction(UUID.randomUUID(), "k", TransactionKind.ADJUST, null, null, null,
				"m", null, List.of(new Posting(high, 5), new Posting(low, -5)));

		assertThat(tx.postingsInLockOrder()).extracting(Posting::accountId).containsExactly(low, high);
		assertThat(high.compareTo(low)).isNegative();
	}

}
