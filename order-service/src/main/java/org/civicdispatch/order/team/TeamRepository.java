package org.civicdispatch.order.team;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.events.TeamSnapshot;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * The team read model (from {@code volunteer.events.v1}) and each team's open-order
 * count. The count only ever moves through {@link #claimSlot} and {@link #releaseSlot},
 * inside the transaction that moves an order into or out of an open status.
 */
@Repository
public class TeamRepository {

	private final DatabaseClient db;

	public TeamRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Keeps the snapshot unless a newer version is already stored; returns whether it was
	 * applied.
	 */
	public Mono<Boolean> save(TeamSnapshot team) {
		return db.sql("""
				INSERT INTO team (id, name, level, parent_team_id, org_unit_id, categories, capacity, leader_id,
				    member_ids, active, version)
				VALUES (:id, :name, :level, :parentTeamId, :orgUnitId, :categories, :capacity, :leaderId,
				    :memberIds, :active, :version)
				ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
				    parent_team_id = EXCLUDED.parent_team_id, org_unit_id = EXCLUDED.org_unit_id,
				    categories = EXCLUDED.categories, capacity = EXCLUDED.capacity, leader_id = EXCLUDED.leader_id,
				    member_ids = EXCLUDED.member_ids, active = EXCLUDED.active, version = EXCLUDED.version
				WHERE team.version < EXCLUDED.version""")
			.bind("id", team.teamId())
			.bind("name", team.name())
			.bind("level", Parameter.fromOrEmpty(team.level(), String.class))
			.bind("parentTeamId", Parameter.fromOrEmpty(team.parentTeamId(), UUID.class))
			.bind("orgUnitId", team.orgUnitId())
			.bind("categories", team.categories().toArray(String[]::new))
			.bind("capacity", team.capacity())
			.bind("leaderId", Parameter.fromOrEmpty(team.leaderId(), UUID.class))
			.bind("memberIds", team.memberIds().toArray(UUID[]::new))
			.bind("active", team.active())
			.bind("version", team.version())
			.fetch()
			.rowsUpdated()
			.map(n -> n > 0);
	}

	public Mono<Team> findById(UUID id) {
		return db.sql("SELECT * FROM team WHERE id = :id").bind("id", id).map(TeamRepository::read).one();
	}

	/** Teams the user leads or belongs to. */
	public Flux<Team> findByMember(UUID userId) {
		return db.sql("SELECT * FROM team WHERE leader_id = :user OR :user = ANY (member_ids)")
			.bind("user", userId)
			.map(TeamRepository::read)
			.all();
	}

	/**
	 * Takes one capacity slot if the team is active and below capacity. A conditional
	 * UPDATE: two transactions (or two instances) racing for the last slot serialise on
	 * the row lock, and the second re-checks {@code open_orders < capacity} against the
	 * first one's result.
	 */
	public Mono<Boolean> claimSlot(UUID teamId, Instant now) {
		return db.sql("""
				UPDATE team SET open_orders = open_orders + 1, last_dispatched_at = :now
				WHERE id = :id AND active AND open_orders < capacity""")
			.bind("id", teamId)
			.bind("now", now)
			.fetch()
			.rowsUpdated()
			.map(n -> n == 1);
	}

	/**
	 * Like {@link #claimSlot}, but false at once when another transaction holds the
	 * team's row (another order is being dispatched to it right now) instead of waiting
	 * for it.
	 */
	public Mono<Boolean> claimSlotIfFree(UUID teamId, Instant now) {
		return db.sql("""
				UPDATE team SET open_orders = open_orders + 1, last_dispatched_at = :now
				WHERE id = (SELECT id FROM team WHERE id = :id FOR UPDATE SKIP LOCKED)
				  AND active AND open_orders < capacity""")
			.bind("id", teamId)
			.bind("now", now)
			.fetch()
			.rowsUpdated()
			.map(n -> n == 1);
	}

	public Mono<Void> releaseSlot(UUID teamId) {
		return db.sql("UPDATE team SET open_orders = open_orders - 1 WHERE id = :id AND open_orders > 0")
			.bind("id", teamId)
			.then();
	}

	private static Team read(Readable row) {
		return new Team(row.get("id", UUID.class), row.get("name", String.class), row.get("org_unit_id", UUID.class),
				List.of(row.get("categories", String[].class)), row.get("capacity", Integer.class),
				row.get("leader_id", UUID.class), Arrays.asList(row.get("member_ids", UUID[].class)),
				Boolean.TRUE.equals(row.get("active", Boolean.class)), row.get("open_orders", Integer.class));
	}

}
