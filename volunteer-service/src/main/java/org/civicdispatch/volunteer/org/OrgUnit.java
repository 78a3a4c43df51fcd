package org.civicdispatch.volunteer.org;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A centre, institute or station. {@code ancestorIds} lists the units above it, the
 * centre first; {@code code} is a short readable code ({@code S0012}) used in volunteer
 * numbers.
 */
public record OrgUnit(UUID id, String code, String name, Level level, UUID parentId, List<UUID> ancestorIds) {

	public OrgUnit {
		ancestorIds = List.copyOf(ancestorIds);
	}

	public enum Level {

		CENTRE(null, "C"), INSTITUTE(CENTRE, "I"), STATION(INSTITUTE, "S");

		private final Level parentLevel;

		private final String codePrefix;

		Level(Level parentLevel, String codePrefix) {
			this.parentLevel = parentLevel;
			this.codePrefix = codePrefix;
		}

		/**
		 * The level a parent of this level must have; {@code null} for a centre, which
		 * has none.
		 */
		public Level parentLevel() {
			return parentLevel;
		}

		String codePrefix() {
			return codePrefix;
		}

	}

	/**
	 * The ids of this unit's ancestors followed by its own: what a child's
	 * {@code ancestorIds} are.
	 */
	List<UUID> lineage() {
		return Stream.concat(ancestorIds.stream(), Stream.of(id)).toList();
	}

}
