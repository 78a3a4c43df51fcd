package org.civicdispatch.events;

import java.util.List;
import java.util.UUID;

/**
 * A centre, institute or station was created. {@code level} is {@code CENTRE},
 * {@code INSTITUTE} or {@code STATION}; {@code ancestorIds} lists the units above it, the
 * centre first, so a reader can check staff scopes without walking the tree.
 */
public record OrgUnitCreated(UUID orgUnitId, String name, String level, UUID parentId,
		List<UUID> ancestorIds) implements VolunteerEvent {

	public OrgUnitCreated {
		ancestorIds = List.copyOf(ancestorIds);
	}

	@Override
	public UUID aggregateId() {
		return orgUnitId;
	}

}
