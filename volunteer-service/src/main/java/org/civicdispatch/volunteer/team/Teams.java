package org.civicdispatch.volunteer.team;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.civicdispatch.events.TeamMembershipChanged;
import org.civicdispatch.events.TeamRegistered;
import org.civicdispatch.events.TeamUpdated;
import org.civicdispatch.events.VolunteerEvent;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.org.OrgUnit;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.volunteer.team.TeamRepository.Filter;
import org.civicdispatch.volunteer.team.TeamRepository.NewTeam;
import org.civicdispatch.volunteer.volunteering.Volunteers;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.FieldError;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.StaffScope;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Volunteer teams: STAFF over the org unit or ADMIN create, change and deactivate them;
 * the leader, STAFF over the unit or ADMIN manage members. Every change commits with its
 * event, and each event carries the whole team with a version one higher than the last.
 */
@Service
public class Teams {

	static final String NOT_FOUND = "找不到该志愿服务队";

	static final String ALREADY_MEMBER = "该志愿者已是本队队员";

	private final TeamRepository repository;

	private final OrgUnits orgUnits;

	private final Volunteers volunteers;

	private final StaffScope staffScope;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	Teams(TeamRepository repository, OrgUnits orgUnits, Volunteers volunteers, StaffScope staffScope, Outbox outbox,
			TransactionalOperator transactions) {
		this.repository = repository;
		this.orgUnits = orgUnits;
		this.volunteers = volunteers;
		this.staffScope = staffScope;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	/** A team a user belongs to, for {@code GET /api/me}. */
	public record TeamOfMember(UUID id, String name, boolean leader, boolean active) {
	}

	record Changes(String name, List<String> categories, Integer capacity, UUID leaderId) {
	}

	public Mono<List<TeamOfMember>> ofMember(UUID userId) {
		return repository.ofMember(userId);
	}

	Mono<Team> find(UUID id) {
		return repository.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException(NOT_FOUND)));
	}

	Mono<Page<Team>> page(Filter filter, PageRequest page) {
		if (filter.category() != null && !Categories.CODES.contains(filter.category())) {
			return Mono.error(BadRequestException.field("category", "服务类别不存在"));
		}
		return Mono.zip(repository.page(filter, page.size(), page.offset()), repository.count(filter))
			.map((parts) -> Page.of(page, parts.getT1(), parts.getT2()));
	}

	Mono<Team> create(CurrentUser user, NewTeam team) {
		if (!user.isAdmin() && !user.isStaff()) {
			return Mono.error(new ForbiddenException("只有工作人员或管理员可以建立志愿服务队"));
		}
		return checkCategories(team.categories()).then(orgUnit(team.orgUnitId()))
			.flatMap((unit) -> mayManage(user, unit.id()).then(checkParent(team.parentId(), team.level(), unit)))
			.then(checkVolunteer(team.leaderId(), "leaderId", "队长必须是已注册的志愿者"))
			.then(repository.insert(team)
				.then(repository.addMember(team.id(), team.leaderId()))
				.then(publish(team.id(), (saved) -> new TeamRegistered(saved.snapshot())))
				.as(transactions::transactional));
	}

	Mono<Team> update(CurrentUser user, UUID teamId, Changes changes) {
		return find(teamId).flatMap((team) -> mayManage(user, team.orgUnitId())
			.then(changes.categories() == null ? Mono.empty() : checkCategories(changes.categories()))
			.then(changes.leaderId() == null ? Mono.empty()
					: checkVolunteer(changes.leaderId(), "leaderId", "队长必须是已注册的志愿者"))
			.then(activeChange(teamId, "队伍已停用，不能修改").then(repository.update(teamId, changes))
				.then(changes.leaderId() == null || team.hasMember(changes.leaderId()) ? Mono.empty()
						: repository.addMember(teamId, changes.leaderId()))
				.then(publish(teamId, (saved) -> new TeamUpdated(saved.snapshot())))
				.as(transactions::transactional)));
	}

	Mono<Team> deactivate(CurrentUser user, UUID teamId) {
		return find(teamId).flatMap((team) -> mayManage(user, team.orgUnitId())
			.then(activeChange(teamId, "队伍已停用").then(repository.deactivate(teamId))
				.then(publish(teamId, (saved) -> new TeamUpdated(saved.snapshot())))
				.as(transactions::transactional)));
	}

	Mono<Team> addMember(CurrentUser user, UUID teamId, UUID userId) {
		return find(teamId).flatMap((team) -> mayManageMembers(user, team)
			.then(checkVolunteer(userId, "userId", "只能添加已注册的志愿者"))
			.then(Mono
				.defer(() -> team.hasMember(userId) ? Mono.error(new ConflictException(ALREADY_MEMBER)) : Mono.empty()))
			.then(activeChange(teamId, "队伍已停用，不能添加队员").then(repository.addMember(teamId, userId))
				.then(publish(teamId, (saved) -> new TeamMembershipChanged(saved.snapshot(), userId, "ADDED")))
				.as(transactions::transactional))
			.onErrorMap(DuplicateKeyException.class, (ex) -> new ConflictException(ALREADY_MEMBER)));
	}

	Mono<Team> removeMember(CurrentUser user, UUID teamId, UUID userId) {
		return find(teamId).flatMap((team) -> mayManageMembers(user, team)
			.then(Mono.defer(() -> userId.equals(team.leaderId()) ? Mono.error(new ConflictException("不能移除队长，请先更换队长"))
					: Mono.empty()))
			.then(repository.bumpVersion(teamId)
				.then(repository.removeMember(teamId, userId))
				.flatMap((removed) -> removed == 0 ? Mono.error(new NotFoundException("该志愿者不是本队队员"))
						: publish(teamId, (saved) -> new TeamMembershipChanged(saved.snapshot(), userId, "REMOVED")))
				.as(transactions::transactional)));
	}

	/**
	 * Starts a change of an active team inside its transaction: locks the row and counts
	 * the version up, or fails with 409 when the team is (by now) deactivated.
	 */
	private Mono<Void> activeChange(UUID teamId, String whenInactive) {
		return repository.bumpVersionIfActive(teamId)
			.switchIfEmpty(Mono.error(() -> new ConflictException(whenInactive)))
			.then();
	}

	/**
	 * Reads the team as it now is in the transaction and appends the event made from it.
	 */
	private Mono<Team> publish(UUID teamId, Function<Team, VolunteerEvent> event) {
		return repository.find(teamId).flatMap((saved) -> outbox.append(event.apply(saved)).thenReturn(saved));
	}

	private Mono<Void> mayManage(CurrentUser user, UUID orgUnitId) {
		return staffScope.require(user, orgUnitId, "只有该单位的工作人员或管理员可以管理这支队伍");
	}

	/** The team's own leader, or staff whose scope covers the team's unit, or ADMIN. */
	private Mono<Void> mayManageMembers(CurrentUser user, Team team) {
		if (user.id().equals(team.leaderId())) {
			return Mono.empty();
		}
		return staffScope.require(user, team.orgUnitId(), "只有本队队长、该单位的工作人员或管理员可以管理队员");
	}

	private Mono<OrgUnit> orgUnit(UUID orgUnitId) {
		return orgUnits.find(orgUnitId)
			.switchIfEmpty(Mono.error(() -> BadRequestException.field("orgUnitId", "组织单位不存在")));
	}

	private static Mono<Void> checkCategories(List<String> categories) {
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < categories.size(); i++) {
			if (!Categories.CODES.contains(categories.get(i))) {
				errors.add(new FieldError("categories[" + i + "]", "服务类别不存在：" + categories.get(i)));
			}
		}
		return errors.isEmpty() ? Mono.empty() : Mono.error(new BadRequestException("服务类别不正确", errors));
	}

	/**
	 * A parent team exists, is of a higher level, and belongs to the new team's unit or a
	 * unit above it: a team never hangs under another part of the tree.
	 */
	private Mono<Void> checkParent(UUID parentId, TeamLevel level, OrgUnit unit) {
		if (parentId == null) {
			return Mono.empty();
		}
		return repository.find(parentId)
			.switchIfEmpty(Mono.error(() -> BadRequestException.field("parentId", "上级队伍不存在")))
			.flatMap((parent) -> {
				if (!parent.level().isAbove(level)) {
					return Mono.error(BadRequestException.field("parentId", "上级队伍的层级须高于本队（总队 > 中队 > 分队）"));
				}
				if (!parent.orgUnitId().equals(unit.id()) && !unit.ancestorIds().contains(parent.orgUnitId())) {
					return Mono.error(BadRequestException.field("parentId", "上级队伍须属于本单位或其上级单位"));
				}
				return Mono.<Void>empty();
			});
	}

	private Mono<Void> checkVolunteer(UUID userId, String field, String message) {
		return volunteers.isVolunteer(userId)
			.flatMap((volunteer) -> volunteer ? Mono.<Void>empty()
					: Mono.error(BadRequestException.field(field, message)));
	}

}
