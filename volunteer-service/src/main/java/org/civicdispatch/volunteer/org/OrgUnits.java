package org.civicdispatch.volunteer.org;

import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.org.OrgUnit.Level;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.OrgAncestry;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * The org tree: created top-down by ADMIN, read by anyone, and the {@link OrgAncestry}
 * behind every staff scope check of this service.
 */
@Service
public class OrgUnits implements OrgAncestry {

	private final OrgUnitRepository repository;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	OrgUnits(OrgUnitRepository repository, Outbox outbox, TransactionalOperator transactions) {
		this.repository = repository;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	public Mono<OrgUnit> find(UUID id) {
		return repository.find(id);
	}

	@Override
	public Mono<List<UUID>> ancestorsOf(UUID orgUnitId) {
		return find(orgUnitId).map(OrgUnit::ancestorIds);
	}

	/**
	 * Every unit, read to the end before anyone sees it, so no answer holds a connection.
	 */
	Mono<List<OrgUnit>> all() {
		return repository.all();
	}

	Mono<OrgUnit> create(CurrentUser user, String name, Level level, UUID parentId) {
		if (!user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有管理员可以设置组织架构"));
		}
		Mono<List<UUID>> ancestors = (level.parentLevel() == null) ? noParent(parentId)
				: parentOfLevel(parentId, level.parentLevel()).map(OrgUnit::lineage);
		UUID id = UUID.randomUUID();
		return ancestors.flatMap((ancestorIds) -> repository.insert(id, name, level, parentId, ancestorIds)
			.flatMap((unit) -> outbox
				.append(new OrgUnitCreated(unit.id(), unit.name(), unit.level().name(), unit.parentId(),
						unit.ancestorIds()))
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

}
