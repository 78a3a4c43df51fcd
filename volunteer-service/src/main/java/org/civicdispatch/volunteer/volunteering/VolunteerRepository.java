package org.civicdispatch.volunteer.volunteering;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.r2dbc.spi.Readable;
import org.civicdispatch.volunteer.Sql;
import org.civicdispatch.volunteer.volunteering.VolunteerSearch.VolunteerListItem;
import org.civicdispatch.volunteer.volunteering.Volunteers.ServiceRecord;
import org.civicdispatch.volunteer.volunteering.Volunteers.VolunteerView;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/**
 * The SQL of volunteering: {@code volunteers}, their numbering counters and
 * {@code service_records}.
 */
@Repository
class VolunteerRepository {

	private static final String SELECT = """
			select v.user_id, v.volunteer_no, v.real_name, v.skills, v.station_id, v.created_at,
			       coalesce((select sum(r.hours) from service_records r where r.volunteer_id = v.user_id), 0) as service_hours
			from volunteers v
			""";

	/**
	 * One record per volunteer and order, dated the day it is recorded (China time), at
	 * the order's station: the station is both the place and the organising unit.
	 * Volunteers this service does not know get none.
	 */
	private static final String INSERT_ORDER_RECORD = """
			insert into service_records (volunteer_id, order_id, team_id, category, hours, content, place, org_unit_id,
			                             served_on)
			select v.user_id, :orderId, :teamId, :category, :hours, :content, u.name, u.id,
			       (now() at time zone 'Asia/Shanghai')::date
			from volunteers v left join org_units u on u.id = :stationId
			where v.user_id = :volunteerId
			""";

	/**
	 * Spaces and hyphens people type inside a phone number: {@code 138 0000 0000},
	 * {@code 138-0000-0000}.
	 */
	private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s\\p{Z}-]");

	private static final Pattern PHONE_DIGITS = Pattern.compile("[0-9]{1,11}");

	private final DatabaseClient database;

	VolunteerRepository(DatabaseClient database) {
		this.database = database;
	}

	record NewVolunteer(UUID userId, String volunteerNo, String realName, List<String> skills, UUID stationId) {
	}

	/** The service a volunteer gave on an evaluated order, as a record is made of it. */
	record OrderService(UUID volunteerId, UUID orderId, UUID teamId, UUID stationId, String category, BigDecimal hours,
			String content) {
	}

	/**
	 * Whom a search looks for: volunteers at any station ({@code everywhere}) or at
	 * stations in the subtrees of {@code units}, whose name or phone matches
	 * {@code query} (blank: everyone).
	 */
	record Search(boolean everywhere, Set<UUID> units, String query) {
	}

	enum Sort {

		NEWEST("v.created_at desc, v.user_id"), NAME("v.real_name collate person_name, v.created_at desc, v.user_id");

		private final String sql;

		Sort(String sql) {
			this.sql = sql;
		}

	}

	Mono<VolunteerView> find(UUID userId) {
		return database.sql(SELECT + " where v.user_id = :id").bind("id", userId).map((row, meta) -> view(row)).one();
	}

	Mono<Boolean> exists(UUID userId) {
		return database.sql("select exists (select 1 from volunteers where user_id = :id) as found")
			.bind("id", userId)
			.map((row, meta) -> row.get("found", Boolean.class))
			.one();
	}

	/**
	 * The next number of the station's counter, from 1; the counter row serialises
	 * concurrent registrations.
	 */
	Mono<Long> nextNumber(UUID stationId) {
		return database.sql("""
				insert into volunteer_no_counters as c (station_id, last_value) values (:station, 1)
				on conflict (station_id) do update set last_value = c.last_value + 1
				returning last_value
				""").bind("station", stationId).map((row, meta) -> row.get("last_value", Long.class)).one();
	}

	Mono<Void> insert(NewVolunteer volunteer) {
		return database.sql("""
				insert into volunteers (user_id, volunteer_no, real_name, skills, station_id)
				values (:userId, :number, :realName, :skills, :stationId)
				""")
			.bind("userId", volunteer.userId())
			.bind("number", volunteer.volunteerNo())
			.bind("realName", volunteer.realName())
			.bind("skills", volunteer.skills().toArray(String[]::new))
			.bind("stationId", volunteer.stationId())
			.then();
	}

	/** A volunteer's service records, the newest first. */
	Mono<List<ServiceRecord>> serviceRecords(UUID volunteerId, int limit, long offset) {
		return database.sql("""
				select r.order_id, r.activity_id, r.team_id, r.category, r.content, r.place, r.org_unit_id,
				       u.name as org_unit_name, r.served_on, r.hours, r.recorded_at
				from service_records r left join org_units u on u.id = r.org_unit_id
				where r.volunteer_id = :id order by r.recorded_at desc, r.id limit :limit offset :offset
				""")
			.bind("id", volunteerId)
			.bind("limit", limit)
			.bind("offset", offset)
			.map((row, meta) -> new ServiceRecord(row.get("order_id", UUID.class), row.get("activity_id", UUID.class),
					row.get("team_id", UUID.class), row.get("category", String.class), row.get("content", String.class),
					row.get("place", String.class), row.get("org_unit_id", UUID.class),
					row.get("org_unit_name", String.class), row.get("served_on", LocalDate.class),
					row.get("hours", BigDecimal.class), row.get("recorded_at", OffsetDateTime.class)))
			.all()
			.collectList();
	}

	Mono<Long> countServiceRecords(UUID volunteerId) {
		return database.sql("select count(*) as total from service_records where volunteer_id = :id")
			.bind("id", volunteerId)
			.map((row, meta) -> row.get("total", Long.class))
			.one();
	}

	/**
	 * Records the service unless the volunteer already has a record of that order (the
	 * primary key (volunteer, order) keeps a second event from counting twice).
	 */
	Mono<Void> recordOrderService(OrderService service) {
		return orderRecord(service, "on conflict (volunteer_id, order_id) where order_id is not null do nothing\n");
	}

	/** Gives an order's record the revised hours, making it if there is none. */
	Mono<Void> reviseOrderService(OrderService service) {
		return orderRecord(service, """
				on conflict (volunteer_id, order_id) where order_id is not null do update set hours = excluded.hours
				""");
	}

	private Mono<Void> orderRecord(OrderService service, String onConflict) {
		GenericExecuteSpec spec = database.sql(INSERT_ORDER_RECORD + onConflict)
			.bind("orderId", service.orderId())
			.bind("category", service.category())
			.bind("hours", service.hours())
			.bind("volunteerId", service.volunteerId())
			.bind("content", service.content());
		return Sql
			.bindNullable(Sql.bindNullable(spec, "teamId", service.teamId(), UUID.class), "stationId",
					service.stationId(), UUID.class)
			.then();
	}

	Mono<List<VolunteerListItem>> search(Search search, Sort sort, int limit, long offset) {
		SearchSql filter = new SearchSql(search);
		return filter.bind(database.sql("""
				select v.user_id, v.volunteer_no, v.real_name, v.skills, v.station_id, v.created_at,
				       u.name, u.phone,
				       coalesce((select sum(r.hours) from service_records r where r.volunteer_id = v.user_id), 0)
				         as service_hours
				from volunteers v join users u on u.id = v.user_id
				""" + filter.joinUnits() + filter.where() + " order by " + sort.sql + " limit :limit offset :offset"))
			.bind("limit", limit)
			.bind("offset", offset)
			.map((row, meta) -> item(row))
			.all()
			.collectList();
	}

	Mono<Long> countSearch(Search search) {
		SearchSql filter = new SearchSql(search);
		return filter.bind(database.sql("select count(*) as total from volunteers v "
				+ (search.query().isEmpty() ? "" : "join users u on u.id = v.user_id ") + filter.joinUnits()
				+ filter.where()))
			.map((row, meta) -> row.get("total", Long.class))
			.one();
	}

	/**
	 * The conditions of one search, each in the SQL only when it applies, so that every
	 * variant gets a plan of its own: a station's list reads its index, and no branch is
	 * left for a parameter to switch off. The SQL is made of these fixed fragments only;
	 * what was typed is bound.
	 */
	private record SearchSql(boolean everywhere, Set<UUID> units, String query, String phoneDigits) {

		SearchSql(Search search) {
			this(search.everywhere(), search.units(), search.query(), phoneDigits(search.query()));
		}

		/**
		 * The digits typed, when what was typed is part of a phone number: else empty.
		 */
		private static String phoneDigits(String query) {
			String digits = PHONE_SEPARATORS.matcher(query).replaceAll("");
			return PHONE_DIGITS.matcher(digits).matches() ? digits : "";
		}

		String joinUnits() {
			return everywhere ? "" : "join org_units o on o.id = v.station_id ";
		}

		String where() {
			List<String> conditions = new ArrayList<>();
			if (!everywhere) {
				conditions.add("(o.id = any(:units) or o.ancestor_ids && :units)");
			}
			if (!query.isEmpty()) {
				conditions.add("(v.real_name ilike :pattern or u.name ilike :pattern"
						+ (phoneDigits.isEmpty() ? "" : " or u.phone like :phonePrefix or u.phone like :phoneSuffix")
						+ ")");
			}
			return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
		}

		GenericExecuteSpec bind(GenericExecuteSpec spec) {
			if (!everywhere) {
				spec = spec.bind("units", units.toArray(UUID[]::new));
			}
			if (!query.isEmpty()) {
				spec = spec.bind("pattern", "%" + likeEscaped(query) + "%");
			}
			if (!query.isEmpty() && !phoneDigits.isEmpty()) {
				spec = spec.bind("phonePrefix", phoneDigits + "%").bind("phoneSuffix", "%" + phoneDigits);
			}
			return spec;
		}

	}

	/**
	 * {@code %}, {@code _} and the escape character (a backslash, LIKE's default) match
	 * only themselves.
	 */
	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static VolunteerView view(Readable row) {
		String[] skills = row.get("skills", String[].class);
		return new VolunteerView(row.get("user_id", UUID.class), row.get("volunteer_no", String.class),
				row.get("real_name", String.class), skills == null ? List.of() : List.of(skills),
				row.get("station_id", UUID.class), row.get("service_hours", BigDecimal.class),
				row.get("created_at", OffsetDateTime.class));
	}

	private static VolunteerListItem item(Readable row) {
		String[] skills = row.get("skills", String[].class);
		return new VolunteerListItem(row.get("user_id", UUID.class), row.get("volunteer_no", String.class),
				row.get("real_name", String.class), row.get("name", String.class), row.get("phone", String.class),
				skills == null ? List.of() : List.of(skills), row.get("station_id", UUID.class),
				row.get("service_hours", BigDecimal.class), row.get("created_at", OffsetDateTime.class));
	}

}
