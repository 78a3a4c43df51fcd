package org.civicdispatch.volunteer.org;

import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.Sql;
import org.civicdispatch.volunteer.org.OrgUnit.Level;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.OrgAncestry;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * The org tree: created top-down by ADMIN, read by anyone, and the {@link OrgAncestry}
 * behind every staff scope check of this service.
 */
@Service
public class OrgUnits implements OrgAncestry {

	private static final String SELECT = "select id, code, name, level, parent_id, ancestor_ids from org_units";

	private final DatabaseClient database;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	OrgUnits(DatabaseClient database, Outbox outbox, TransactionalOperator transactions) {
		this.database = database;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	public Mono<OrgUnit> find(UUID id) {
		return database.sql(SELECT + " where id = :id").bind("id", id).map((row, meta) -> orgUnit(row)).one();
	}

	@Override
	public Mono<List<UUID>> ancestorsOf(UUID orgUnitId) {
		return find(orgUnitId).map(OrgUnit::ancestorIds);
	}

	/**
	 * Every unit, read to the end before anyone sees it, so no answer holds a connection.
	 */
	Mono<List<OrgUnit>> all() {
		return database.sql(SELECT + " order by array_length(ancestor_ids, 1) nulls first, code")
			.map((row, meta) -> orgUnit(row))
			.all()
			.collectList();
	}

	Mono<OrgUnit> create(CurrentUser user, String name, Level level, UUID parentId) {
		if (!user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有管理员可以设置组织架构"));
		}
		Mono<List<UUID>> ancestors = (level.parentLevel() == null) ? noParent(parentId)
				: parentOfLevel(parentId, level.parentLevel()).map(OrgUnit::lineage);
		UUID id = UUID.randomUUID();
		return ancestors.flatMap((ancestorIds) -> insert(id, name, level, parentId, ancestorIds)
			.flatMap((unit) -> outbox.append(new OrgUnitCreated(unit.id(), unit.name(), unit.level().name(),
					unit.parentId(), unit.ancestorIds()))
				.thenReturn(unit))
			.as(transactions::transactional));
	}

	private static Mono<List<UUID>> noParent(UUID parentId) {
		return parentId == null ? Mono.just(List.of())
				: Mono.error(BadRequestException.field("parentId", "实践中心是最高一级，不能有上级单位"));
	}

	private Mono<OrgUnit> parentOfLevel(UUID parentId, Level required) {
		String levelName = switch (required) {
			case CENTRE -> "实践中心";
			case INSTITUTE -> "实践所";
			case STATION -> "实践站";
		};
		if (parentId == null) {
			return Mono.error(BadRequestException.field("parentId", "上级单位不能为空，须为" + levelName));
		}
		return find(parentId).switchIfEmpty(Mono.error(() -> BadRequestException.field("parentId", "上级单位不存在")))
			.flatMap((parent) -> parent.level() == required ? Mono.just(parent)
					: Mono.error(BadRequestException.field("parentId", "上级单位须为" + levelName)));
	}

	private Mono<OrgUnit> insert(UUID id, String name, Level level, UUID parentId, List<UUID> ancestorIds) {
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
