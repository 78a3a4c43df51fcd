package org.civicdispatch.volunteer.org;

import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.volunteer.Sql;
import org.civicdispatch.volunteer.org.OrgUnit.Level;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/** The SQL of the org tree: {@code org_units}. */
@Repository
class OrgUnitRepository {

	private static final String SELECT = "select id, code, name, level, parent_id, ancestor_ids from org_units";

	private final DatabaseClient database;

	OrgUnitRepository(DatabaseClient database) {
		this.database = database;
	}

	Mono<OrgUnit> find(UUID id) {
		return database.sql(SELECT + " where id = :id").bind("id", id).map((row, meta) -> orgUnit(row)).one();
	}

	/** Every unit, each after the units above it. */
	Mono<List<OrgUnit>> all() {
		return database.sql(SELECT + " order by array_length(ancestor_ids, 1) nulls first, code")
			.map((row, meta) -> orgUnit(row))
			.all()
			.collectList();
	}

	/**
	 * Stores a new unit with the next code of its level ({@code S0012}) and returns it.
	 */
	Mono<OrgUnit> insert(UUID id, String name, Level level, UUID parentId, List<UUID> ancestorIds) {
		return Sql.bindNullable(database.sql("""
				insert into org_units (id, code, name, level, parent_id, ancestor_ids)
				select :id, :prefix || lpad(n, greatest(4, length(n)), '0'), :name, :level, :parentId, :ancestorIds
				from (select nextval('org_unit_code_seq')::text as n) next
				returning id, code, name, level, parent_id, ancestor_ids
				"""), "parentId", parentId, UUID.class)
			.bind("id", id)
			.bind("prefix", level.codePrefix())
			.bind("name", name)
			.bind("level", level.name())
			.bind("ancestorIds", ancestorIds.toArray(UUID[]::new))
			.map((row, meta) -> orgUnit(row))
			.one();
	}

	private static OrgUnit orgUnit(Readable row) {
		UUID[] ancestors = row.get("ancestor_ids", UUID[].class);
		return new OrgUnit(row.get("id", UUID.class), row.get("code", String.class), row.get("name", String.class),
				Level.valueOf(row.get("level", String.class)), row.get("parent_id", UUID.class),
				ancestors == null ? List.of() : List.of(ancestors));
	}

}
