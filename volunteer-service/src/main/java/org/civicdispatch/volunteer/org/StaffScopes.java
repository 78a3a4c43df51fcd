package org.civicdispatch.volunteer.org;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.civicdispatch.events.StaffScopeGranted;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * ADMIN makes a user STAFF over an org unit and everything under it (in effect at the
 * user's next login).
 */
@Service
class StaffScopes {

	static final String ALREADY_GRANTED = "该用户已是该单位的工作人员";

	private final StaffScopeRepository repository;

	private final OrgUnits orgUnits;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	StaffScopes(StaffScopeRepository repository, OrgUnits orgUnits, Outbox outbox, TransactionalOperator transactions) {
		this.repository = repository;
		this.orgUnits = orgUnits;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	record Grant(UUID userId, UUID orgUnitId, UUID grantedBy, OffsetDateTime grantedAt) {
	}

	Mono<Grant> grant(CurrentUser admin, UUID userId, UUID orgUnitId) {
		if (!admin.isAdmin()) {
			return Mono.error(new ForbiddenException("只有管理员可以任命工作人员"));
		}
		return repository.userExists(userId)
			.flatMap((found) -> found
					? orgUnits.find(orgUnitId)
						.switchIfEmpty(Mono.error(() -> BadRequestException.field("orgUnitId", "组织单位不存在")))
					: Mono.error(BadRequestException.field("userId", "用户不存在")))
			.flatMap((unit) -> repository.insert(userId, orgUnitId, admin.id())
				.flatMap((grant) -> outbox.append(new StaffScopeGranted(userId, orgUnitId, admin.id()))
					.thenReturn(grant))
				.as(transactions::transactional))
			.onErrorMap(DuplicateKeyException.class, (ex) -> new ConflictException(ALREADY_GRANTED));
	}

}
