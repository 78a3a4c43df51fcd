package org.civicdispatch.volunteer.volunteering;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.civicdispatch.events.VolunteerRegistered;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.org.OrgUnit;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.StaffScope;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
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

	private static final String SELECT = """
			select v.user_id, v.volunteer_no, v.real_name, v.skills, v.station_id, v.created_at,
			       coalesce((select sum(r.hours) from service_records r where r.volunteer_id = v.user_id), 0) as service_hours
			from volunteers v
			""";

	private final DatabaseClient database;

	private final OrgUnits orgUnits;

	private final StaffScope staffScope;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	Volunteers(DatabaseClient database, OrgUnits orgUnits, StaffScope staffScope, Outbox outbox,
			TransactionalOperator transactions) {
		this.database = database;
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
		return database.sql(SELECT + " where v.user_id = :id").bind("id", userId).map((row, meta) -> view(row)).one();
	}

	/** Whether a user has registered as a volunteer. */
	public Mono<Boolean> isVolunteer(UUID userId) {
		return database.sql("select exists (select 1 from volunteers where user_id = :id) as found")
			.bind("id", userId)
			.map((row, meta) -> row.get("found", Boolean.class))
			.one();
	}

	Mono<VolunteerView> register(CurrentUser user, String realName, List<String> skills, UUID stationId) {
		return isVolunteer(user.id())
			.flatMap((already) -> already ? Mono.<OrgUnit>error(new ConflictException(ALREADY_VOLUNTEER))
					: station(stationId))
			.flatMap((station) -> nextNumber(station)
				.flatMap((number) -> insert(user.id(), number, realName, skills, stationId))
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
		Mono<List<ServiceRecord>> items = database.sql("""
				select r.order_id, r.activity_id, r.team_id, r.category, r.content, r.place, r.org_unit_id,
				       u.name as org_unit_name, r.served_on, r.hours, r.recorded_at
				from service_records r left join org_units u on u.id = r.org_unit_id
				where r.volunteer_id = :id order by r.recorded_at desc, r.id limit :limit offset :offset
				""")
			.bind("id", userId)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map((row, meta) -> new ServiceRecord(row.get("order_id", UUID.class), row.get("activity_id", UUID.class),
					row.get("team_id", UUID.class), row.get("category", String.class), row.get("content", String.class),
					row.get("place", String.class), row.get("org_unit_id", UUID.class),
					row.get("org_unit_name", String.class), row.get("served_on", LocalDate.class),
					row.get("hours", BigDecimal.class), row.get("recorded_at", OffsetDateTime.class)))
			.all()
			.collectList();
		Mono<Long> total = database.sql("select count(*) as total from service_records where volunteer_id = :id")
			.bind("id", userId)
			.map((row, meta) -> row.get("total", Long.class))
			.one();
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
		return database.sql("""
				insert into volunteer_no_counters as c (station_id, last_value) values (:station, 1)
				on conflict (station_id) do update set last_value = c.last_value + 1
				returning last_value
				""")
			.bind("station", station.id())
			.map((row, meta) -> row.get("last_value", Long.class))
			.one()
			.map((value) -> station.code() + "-" + String.format("%06d", value));
	}

	private Mono<VolunteerView> insert(UUID userId, String number, String realName, List<String> skills,
			UUID stationId) {
		return database.sql("""
				insert into volunteers (user_id, volunteer_no, real_name, skills, station_id)
				values (:userId, :number, :realName, :skills, :stationId)
				""")
			.bind("userId", userId)
			.bind("number", number)
			.bind("realName", realName)
			.bind("skills", skills.toArray(String[]::new))
			.bind("stationId", stationId)
			.then()
			.then(find(userId));
	}

	private static VolunteerView view(Readable row) {
		String[] skills = row.get("skills", String[].class);
		return new VolunteerView(row.get("user_id", UUID.class), row.get("volunteer_no", String.class),
				row.get("real_name", String.class), skills == null ? List.of() : List.of(skills),
				row.get("station_id", UUID.class), row.get("service_hours", BigDecimal.class),
				row.get("created_at", OffsetDateTime.class));
	}

}
