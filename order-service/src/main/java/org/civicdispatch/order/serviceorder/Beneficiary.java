package org.civicdispatch.order.serviceorder;

import java.util.UUID;

/**
 * 帮办: the neighbour an order was placed for, by {@code placedBy} (a volunteer or staff of
 * the station). {@code userId} is the neighbour's account when the phone belongs to one;
 * that person is then the order's resident. Without an account the helper stands in for
 * the neighbour.
 */
public record Beneficiary(String name, String phone, UUID userId, UUID placedBy) {

	public boolean hasAccount() {
		return userId != null;
	}

}
