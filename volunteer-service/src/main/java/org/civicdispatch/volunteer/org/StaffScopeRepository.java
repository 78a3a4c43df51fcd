package org.civicdispatch.volunteer.org;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.civicdispatch.volunteer.org.StaffScopes.Grant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/** The SQL of staff scopes: {@code staff_scopes}, and whether a user exists. */
@Repository
class StaffScopeRepository {

	private final DatabaseClient database;

	StaffScopeRepository(DatabaseClient database) {
		this.database = database;
	}

	Mono<Boolean> userExists(UUID userId) {
		return database.sql("select exists (select 1 from users where id = :id) as found")
			.bind("id", userId)
			.map((row, meta) -> row.get("found", Boolean.class))
			.one();
	}

	Mono<Grant> insert(UUID userId, UUID orgUnitId, UUID grantedBy) {
		return database.sql("""
				insert into staff_scopes (user_id, org_unit_id, granted_by) values (:userId, :orgUnitId, :grantedBy)
				returning granted_at
				""")
			.bind("userId", userId)
			.bind("orgUnitId", orgUnitId)
			.bind("grantedBy", grantedBy)
			.map((row, meta) -> new Grant(userId, orgUnitId, grantedBy, row.get("granted_at", OffsetDateTime.class)))
			.one();
	}

}
