package org.civicdispatch.web;

import java.util.List;
import java.util.UUID;

/**
 * A centre, institute or station as a service's {@link OrgTree} knows it;
 * {@code ancestorIds} start at the centre.
 */
public record OrgUnit(UUID id, String name, String level, UUID parentId, List<UUID> ancestorIds) {

	public static final String STATION = "STATION";

	public OrgUnit {
		ancestorIds = List.copyOf(ancestorIds);
	}

	public boolean isStation() {
		return STATION.equals(this.level);
	}

}
