package org.civicdispatch.points.ledger;

import java.util.UUID;

/**
 * The ledger's accounts. A volunteer's account has the volunteer's user id; the two
 * system accounts have fixed ids (see V1__ledger.sql). ISSUANCE is where awarded points
 * come from, so its balance is minus everything issued; STORE is where redeemed points
 * go.
 */
public final class Accounts {

	public static final UUID ISSUANCE = UUID.fromString("00000000-0000-0000-0000-000000000001");

	public static final UUID STORE = UUID.fromString("00000000-0000-0000-0000-000000000002");

	private Accounts() {
	}

	public static boolean isSystem(UUID accountId) {
		return ISSUANCE.equals(accountId) || STORE.equals(accountId);
	}

}
