package org.civicdispatch.volunteer.volunteering;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.org.OrgUnit;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.volunteer.volunteering.VolunteerRepository.NewVolunteer;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
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
 * Volunteer registration at a station, profiles with total service hours, and service
 * records.
 */
@Service
public class Volunteers {

	static final String ALREADY_VOLUNTEER = "您已注册为志愿者";

	private final VolunteerRepository repository;

	private final OrgUnits orgUnits;

	private final StaffScope staffScope;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	Volunteers(VolunteerRepository repository, OrgUnits orgUnits, StaffScope staffScope, Outbox outbox,
			TransactionalOperator transactions) {
		this.repository = repository;
		this.orgUnits = orgUnits;
		this.staffScope = staffScope;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	/**
	 * A volunteer's profile; {@code serviceHours} is the total of approved hours over
	 * every service record.
	 */
	public record VolunteerView(UUID userId, String volunteerNo, String realName, List<String> skills, UUID stationId,
			BigDecimal serviceHours, OffsetDateTime registeredAt) {
	}

	/**
	 * One service, as the national volunteer-record rules ask a record to hold it: the
	 * day, the content (the order's or the activity's title), the place, the hours and
	 * the organising unit. It came from an evaluated order ({@code orderId}) or a
	 * completed activity ({@code activityId}).
	 */
	record ServiceRecord(UUID orderId, UUID activityId, UUID teamId, String category, String content, String place,
			UUID orgUnitId, String orgUnitName, LocalDate servedOn, BigDecimal hours, OffsetDateTime recordedAt) {
	}

	/** The volunteer profile of a user, empty when the user has not registered as one. */
	public Mono<VolunteerView> find(UUID userId) {
		return repository.find(userId);
	}

	/** Whether a user has registered as a volunteer. */
	public Mono<Boolean> isVolunteer(UUID userId) {
		return repository.exists(userId);
	}

	Mono<VolunteerView> register(CurrentUser user, String realName, List<String> skills, UUID stationId) {
		return isVolunteer(user.id())
			.flatMap((already) -> already ? Mono.<OrgUnit>error(new ConflictException(ALREADY_VOLUNTEER))
					: station(stationId))
			.flatMap((station) -> nextNumber(station)
				.flatMap((number) -> repository.insert(new NewVolunteer(user.id(), number, realName, skills, stationId))
					.then(repository.find(user.id())))
				.flatMap((view) -> outbox
					.append(new VolunteerRegistered(view.userId(), view.volunteerNo(), view.realName(),
							view.stationId(), view.skills()))
					.thenReturn(view))
				.as(transactions::transactional))
			.onErrorMap(DuplicateKeyException.class, (ex) -> new ConflictException(ALREADY_VOLUNTEER));
	}

	/**
	 * Self, STAFF whose scope covers the volunteer's station, and ADMIN may read a
	 * profile and its records.
	 */
	Mono<VolunteerView> profile(CurrentUser user, UUID userId) {
		boolean self = user.id().equals(userId);
		if (!self && !user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只能查看自己的志愿者档案"));
		}
		return find(userId).switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该志愿者")))
			.flatMap((view) -> self ? Mono.just(view)
					: staffScope.require(user, view.stationId(), "该志愿者不在您管理的范围内").thenReturn(view));
	}

	Mono<Page<ServiceRecord>> serviceRecords(CurrentUser user, UUID userId, PageRequest page) {
		Mono<List<ServiceRecord>> items = repository.serviceRecords(userId, page.size(), page.offset());
		Mono<Long> total = repository.countServiceRecords(userId);
		return profile(user, userId).then(Mono.zip(items, total))
			.map((parts) -> Page.of(page, parts.getT1(), parts.getT2()));
	}

	private Mono<OrgUnit> station(UUID stationId) {
		return orgUnits.find(stationId)
			.filter((unit) -> unit.level() == OrgUnit.Level.STATION)
			.switchIfEmpty(Mono.error(() -> BadRequestException.field("stationId", "实践站不存在")));
	}

	/**
	 * {@code <station code>-<6 digits>}, counted per station; the counter row serialises
	 * concurrent registrations.
	 */
	private Mono<String> nextNumber(OrgUnit station) {
		return repository.nextNumber(station.id()).map((value) -> station.code() + "-" + String.format("%06d", value));
	}

}
