package org.civicdispatch.events;

import java.util.List;
import java.util.UUID;

/**
 * The whole state of a team after a change. {@code version} grows with every change, so a
 * read model keeps the snapshot with the highest version and ignores a stale one.
 */
public record TeamSnapshot(UUID teamId, String name, String level, UUID parentTeamId, UUID orgUnitId,
		List<String> categories, int capacity, UUID leaderId, List<UUID> memberIds, boolean active, long version) {

	public TeamSnapshot {
		categories = List.copyOf(categories);
		memberIds = List.copyOf(memberIds);
	}

}
