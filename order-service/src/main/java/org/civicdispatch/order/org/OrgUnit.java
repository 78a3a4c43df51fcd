package org.civicdispatch.order.org;

import java.util.List;
import java.util.UUID;

/**
 * A centre, institute or station as the org tree read model knows it; {@code ancestorIds}
 * start at the centre.
 */
public record OrgUnit(UUID id, String name, String level, UUID parentId, List<UUID> ancestorIds) {

	public static final String STATION = "STATION";

	public boolean isStation() {
		return STATION.equals(level);
	}

}
