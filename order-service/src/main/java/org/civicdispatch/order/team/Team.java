package org.civicdispatch.order.team;

import java.util.List;
import java.util.UUID;

/**
 * A volunteer team as the read model knows it, with the number of orders it holds open.
 */
public record Team(UUID id, String name, UUID orgUnitId, List<String> categories, int capacity, UUID leaderId,
		List<UUID> memberIds, boolean active, int openOrders) {

	public boolean isLeader(UUID userId) {
		return userId.equals(leaderId);
	}

	/** Everyone a leader may assign to an order: the members and the leader. */
	public List<UUID> assignable() {
		List<UUID> all = new java.util.ArrayList<>(memberIds);
		if (leaderId != null && !all.contains(leaderId)) {
			all.add(leaderId);
		}
		return all;
	}

	/**
	 * The leader counts as a member even if a snapshot leaves them out of
	 * {@code memberIds}.
	 */
	public boolean isMember(UUID userId) {
		return isLeader(userId) || memberIds.contains(userId);
	}

}
