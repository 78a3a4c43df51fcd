package org.civicdispatch.order.org;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.web.OrgAncestry;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * The org tree read model, filled from {@code OrgUnitCreated}; as {@link OrgAncestry} it
 * is what {@code StaffScope} checks staff scope against in this service.
 */
@Repository
public class OrgUnitRepository implements OrgAncestry {

	private final DatabaseClient db;

	public OrgUnitRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Void> save(OrgUnitCreated unit) {
		return db.sql("""
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

	@Override
	public Mono<List<UUID>> ancestorsOf(UUID orgUnitId) {
		return findById(orgUnitId).map(unit -> unit.ancestorIds().reversed());
	}

	public Mono<OrgUnit> findById(UUID id) {
		return db.sql("SELECT * FROM org_unit WHERE id = :id")
			.bind("id", id)
			.map(row -> new OrgUnit(row.get("id", UUID.class), row.get("name", String.class),
					row.get("level", String.class), row.get("parent_id", UUID.class),
					Arrays.asList(row.get("ancestor_ids", UUID[].class))))
			.one();
	}

}
