package org.civicdispatch.order.live;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.civicdispatch.web.CurrentUser;

/**
 * One row of the change feed, with who may read it as the read models say at the time it
 * is sent: the leader and members of the team the order is with and of the teams that had
 * it before ({@code teamReaderIds}), the leader and members of the team it is with now
 * ({@code teamMemberIds}), and the units above the station for the staff scope.
 * {@code note} is the urging note of an {@code URGE}; {@code poolLeaderIds} the leaders
 * of the teams that could take the order of a {@code POOL} entry.
 */
record FeedEntry(long id, Kind kind, UUID orderId, String status, UUID teamId, Instant updatedAt, UUID residentId,
		UUID stationId, List<UUID> stationAncestorIds, UUID teamLeaderId, Set<UUID> teamReaderIds,
		Set<UUID> teamMemberIds, String note, UUID placedBy, Set<UUID> poolLeaderIds) {

	enum Kind {

		/** Any change of the order: for everyone who may read it. */
		ORDER("order"),

		/** The order was dispatched to a team: for that team's leader. */
		DISPATCH("dispatch"),

		/**
		 * 督办: staff urged the team holding the order: for that team's leader and members,
		 * with the note.
		 */
		URGE("urge"),

		/**
		 * 抢单: the order entered or left the pool of a GRAB station: for the leaders of
		 * the teams that could take it.
		 */
		POOL("pool");

		private final String eventName;

		Kind(String eventName) {
			this.eventName = eventName;
		}

		String eventName() {
			return eventName;
		}

	}

	/**
	 * Whether the user is to hear of it: the same readers as {@code OrderAccess} lets
	 * read the order (its resident, its team, teams that had it, staff over the station,
	 * ADMIN), and for a dispatch only the leader of the team it went to, for an urging
	 * the leader and members of the team that holds the order.
	 */
	boolean visibleTo(CurrentUser user) {
		return switch (kind) {
			case DISPATCH -> user.id().equals(teamLeaderId);
			case URGE -> teamMemberIds.contains(user.id());
			case POOL -> poolLeaderIds.contains(user.id());
			case ORDER -> user.id().equals(residentId) || user.id().equals(placedBy)
					|| teamReaderIds.contains(user.id()) || user.isStaffOver(stationId, stationAncestorIds);
		};
	}

}
