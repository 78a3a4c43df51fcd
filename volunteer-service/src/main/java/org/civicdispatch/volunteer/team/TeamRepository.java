package org.civicdispatch.volunteer.team;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.volunteer.Sql;
import org.civicdispatch.volunteer.team.Team.Member;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

@Repository
class TeamRepository {

	private static final String COLUMNS = "t.id, t.name, t.level, t.parent_team_id, t.org_unit_id, t.categories, "
			+ "t.capacity, t.leader_id, t.active, t.version, t.created_at";

	private final DatabaseClient database;

	TeamRepository(DatabaseClient database) {
		this.database = database;
	}

	record NewTeam(UUID id, String name, TeamLevel level, UUID parentId, UUID orgUnitId, List<String> categories,
			int capacity, UUID leaderId) {
	}

	record Filter(UUID orgUnitId, String category, Boolean active) {
	}

	Mono<Void> insert(NewTeam team) {
		GenericExecuteSpec spec = database
			.sql("""
					insert into teams (id, name, level, parent_team_id, org_unit_id, categories, capacity, leader_id, version)
					values (:id, :name, :level, :parentId, :orgUnitId, :categories, :capacity, :leaderId, 1)
					""")
			.bind("id", team.id())
			.bind("name", team.name())
			.bind("level", team.level().name())
			.bind("orgUnitId", team.orgUnitId())
			.bind("categories", team.categories().toArray(String[]::new))
			.bind("capacity", team.capacity())
			.bind("leaderId", team.leaderId());
		return Sql.bindNullable(spec, "parentId", team.parentId(), UUID.class).then();
	}

	Mono<Void> addMember(UUID teamId, UUID userId) {
		return database.sql("insert into team_members (team_id, user_id) values (:teamId, :userId)")
			.bind("teamId", teamId)
			.bind("userId", userId)
			.then();
	}

	Mono<Long> removeMember(UUID teamId, UUID userId) {
		return database.sql("delete from team_members where team_id = :teamId and user_id = :userId")
			.bind("teamId", teamId)
			.bind("userId", userId)
			.fetch()
			.rowsUpdated();
	}

	/** Locks the team row for the rest of the transaction and counts one more change. */
	Mono<Void> bumpVersion(UUID teamId) {
		return database.sql("update teams set version = version + 1, updated_at = now() where id = :id")
			.bind("id", teamId)
			.then();
	}

	/**
	 * Like {@link #bumpVersion}, only while the team is active; empty when it is not
	 * (checked under the lock).
	 */
	Mono<Long> bumpVersionIfActive(UUID teamId) {
		return database.sql(
				"update teams set version = version + 1, updated_at = now() where id = :id and active returning version")
			.bind("id", teamId)
			.map((row, meta) -> row.get("version", Long.class))
			.one();
	}

	Mono<Void> update(UUID teamId, Teams.Changes changes) {
		GenericExecuteSpec spec = database.sql("""
				update teams set name = coalesce(:name, name), categories = coalesce(:categories, categories),
				  capacity = coalesce(:capacity, capacity), leader_id = coalesce(:leaderId, leader_id)
				where id = :id
				""").bind("id", teamId);
		spec = Sql.bindNullable(spec, "name", changes.name(), String.class);
		spec = Sql.bindNullable(spec, "categories",
				changes.categories() == null ? null : changes.categories().toArray(String[]::new), String[].class);
		spec = Sql.bindNullable(spec, "capacity", changes.capacity(), Integer.class);
		return Sql.bindNullable(spec, "leaderId", changes.leaderId(), UUID.class).then();
	}

	Mono<Void> deactivate(UUID teamId) {
		return database.sql("update teams set active = false where id = :id").bind("id", teamId).then();
	}

	Mono<Team> find(UUID id) {
		return database.sql("select " + COLUMNS + " from teams t where t.id = :id")
			.bind("id", id)
			.map((row, meta) -> row(row))
			.all()
			.collectList()
			.flatMap(this::withMembers)
			.flatMap((teams) -> Mono.justOrEmpty(teams.stream().findFirst()));
	}

	Mono<List<Team>> page(Filter filter, int limit, long offset) {
		GenericExecuteSpec spec = filtered("select " + COLUMNS + " from teams t" + where(filter)
				+ " order by t.created_at, t.id limit :limit offset :offset", filter)
			.bind("limit", limit)
			.bind("offset", offset);
		return spec.map((row, meta) -> row(row)).all().collectList().flatMap(this::withMembers);
	}

	Mono<Long> count(Filter filter) {
		return filtered("select count(*) as total from teams t" + where(filter), filter)
			.map((row, meta) -> row.get("total", Long.class))
			.one();
	}

	/** The teams a user is a member of, with whether they lead it. */
	Mono<List<Teams.TeamOfMember>> ofMember(UUID userId) {
		return database.sql("""
				select t.id, t.name, t.leader_id = :userId as leader, t.active from team_members m
				join teams t on t.id = m.team_id where m.user_id = :userId order by m.joined_at
				""")
			.bind("userId", userId)
			.map((row, meta) -> new Teams.TeamOfMember(row.get("id", UUID.class), row.get("name", String.class),
					Boolean.TRUE.equals(row.get("leader", Boolean.class)),
					Boolean.TRUE.equals(row.get("active", Boolean.class))))
			.all()
			.collectList();
	}

	private static String where(Filter filter) {
		List<String> conditions = new ArrayList<>();
		if (filter.orgUnitId() != null) {
			conditions.add("t.org_unit_id = :orgUnitId");
		}
		if (filter.category() != null) {
			conditions.add(":category = any(t.categories)");
		}
		if (filter.active() != null) {
			conditions.add("t.active = :active");
		}
		return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
	}

	private GenericExecuteSpec filtered(String sql, Filter filter) {
		GenericExecuteSpec spec = database.sql(sql);
		if (filter.orgUnitId() != null) {
			spec = spec.bind("orgUnitId", filter.orgUnitId());
		}
		if (filter.category() != null) {
			spec = spec.bind("category", filter.category());
		}
		if (filter.active() != null) {
			spec = spec.bind("active", filter.active());
		}
		return spec;
	}

	private Mono<List<Team>> withMembers(List<Team> teams) {
		if (teams.isEmpty()) {
			return Mono.just(teams);
		}
		Map<UUID, List<Member>> members = new LinkedHashMap<>();
		teams.forEach((team) -> members.put(team.id(), new ArrayList<>()));
		return database.sql("""
				select m.team_id, m.user_id, coalesce(v.real_name, u.name) as name from team_members m
				join users u on u.id = m.user_id left join volunteers v on v.user_id = m.user_id
				where m.team_id = any(:ids) order by m.joined_at, m.user_id
				""")
			.bind("ids", members.keySet().toArray(UUID[]::new))
			.map((row, meta) -> Map.entry(row.get("team_id", UUID.class),
					new Member(row.get("user_id", UUID.class), row.get("name", String.class))))
			.all()
			.doOnNext((entry) -> members.get(entry.getKey()).add(entry.getValue()))
			.then(Mono.fromSupplier(() -> teams.stream()
				.map((team) -> new Team(team.id(), team.name(), team.level(), team.parentId(), team.orgUnitId(),
						team.categories(), team.capacity(), team.leaderId(), members.get(team.id()), team.active(),
						team.version(), team.createdAt()))
				.toList()));
	}

	private static Team row(Readable row) {
		String[] categories = row.get("categories", String[].class);
		return new Team(row.get("id", UUID.class), row.get("name", String.class),
				TeamLevel.valueOf(row.get("level", String.class)), row.get("parent_team_id", UUID.class),
				row.get("org_unit_id", UUID.class), categories == null ? List.of() : List.of(categories),
				row.get("capacity", Integer.class), row.get("leader_id", UUID.class), List.of(),
				Boolean.TRUE.equals(row.get("active", Boolean.class)), row.get("version", Long.class),
				row.get("created_at", OffsetDateTime.class));
	}

}
