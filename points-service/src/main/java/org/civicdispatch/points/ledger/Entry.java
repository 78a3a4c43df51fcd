package org.civicdispatch.points.ledger;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.r2dbc.spi.Readable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One line of a volunteer's statement: a transaction as it touched the volunteer's
 * account. {@code id} is the transaction's id; {@code amount} is signed (+ credit, −
 * debit); an award names its order ({@code orderId}) or its activity
 * ({@code activityId}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Entry(UUID id, UUID userId, @Schema(allowableValues = {
		"AWARD", "REDEEM", "REFUND", "ADJUST" }) String type, long amount, long balanceAfter, UUID orderId,
		UUID redemptionId, UUID reversesId, String memo, OffsetDateTime at, UUID activityId){

	/** An entry that names no activity. */
	public Entry(UUID id, UUID userId, String type, long amount, long balanceAfter, UUID orderId, UUID redemptionId,
			UUID reversesId, String memo, OffsetDateTime at) {
		this(id, userId, type, amount, balanceAfter, orderId, redemptionId, reversesId, memo, at, null);
	}

	/** Columns a query selects to read an entry with {@link #from}. */
	static final String COLUMNS = """
			t.id, p.account_id, t.kind, p.amount, p.balance_after, t.order_id, t.redemption_id, t.reverses_id,
			t.memo, p.created_at, t.activity_id""";

	static Entry from(Readable row) {
		return new Entry(row.get("id", UUID.class), row.get("account_id", UUID.class),
				TransactionKind.valueOf(row.get("kind", String.class)).entryType(), row.get("amount", Long.class),
				row.get("balance_after", Long.class), row.get("order_id", UUID.class),
				row.get("redemption_id", UUID.class), row.get("reverses_id", UUID.class), row.get("memo", String.class),
				row.get("created_at", OffsetDateTime.class), row.get("activity_id", UUID.class));
	}

}
