package org.civicdispatch.web;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.OrgUnitCreated;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

/**
 * The org tree (实践中心 / 所 / 站) as a service that does not own it knows it: a read model in
 * the service's own {@code org_unit} table, filled from volunteer-service's
 * {@code OrgUnitCreated}, so that staff scope is checked without a call to
 * volunteer-service. It is that service's {@link OrgAncestry}; the service declares it as
 * a bean and applies each {@code OrgUnitCreated} its inbox reads.
 * <p>
 * The table: {@code org_unit (id uuid PRIMARY KEY, name, level, parent_id uuid,
 * ancestor_ids uuid[])}, each service creating it in its own Flyway history.
 */
public class OrgTree implements OrgAncestry {

	private final DatabaseClient db;

	public OrgTree(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Records the unit, or its latest state when it is known already (an event read twice
	 * changes nothing).
	 */
	public Mono<Void> save(OrgUnitCreated unit) {
		return this.db.sql("""
				INSERT INTO org_unit (id, name, level, parent_id, ancestor_ids)
				VALUES (:id, :name, :level, :parentId, :ancestorIds)
				ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
				    parent_id = EXCLUDED.parent_id, ancestor_ids = EXCLUDED.ancestor_ids""")
			.bind("id", unit.orgUnitId())
			.bind("name", unit.name())
			.bind("level", unit.level())
			.bind("parentId", Parameter.fromOrEmpty(unit.parentId(), UUID.class))
			.bind("ancestorIds", unit.ancestorIds().toArray(UUID[]::new))
			.then();
	}

	/** The unit; empty when it is not (yet) known to this service. */
	public Mono<OrgUnit> find(UUID id) {
		return this.db.sql("SELECT id, name, level, parent_id, ancestor_ids FROM org_unit WHERE id = :id")
			.bind("id", id)
			.map((row) -> new OrgUnit(row.get("id", UUID.class), row.get("name", String.class),
					row.get("level", String.class), row.get("parent_id", UUID.class),
					Arrays.asList(row.get("ancestor_ids", UUID[].class))))
			.one();
	}

	@Override
	public Mono<List<UUID>> ancestorsOf(UUID orgUnitId) {
		return find(orgUnitId).map((unit) -> unit.ancestorIds().reversed());
	}

}
