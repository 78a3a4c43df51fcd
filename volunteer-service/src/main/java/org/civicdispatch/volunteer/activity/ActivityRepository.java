package org.civicdispatch.volunteer.activity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/**
 * The SQL of 活动报名: {@code activities}, {@code activity_signups} and
 * {@code activity_check_in_codes}.
 */
@Repository
class ActivityRepository {

	static final String ACTIVITY_COLUMNS = """
			a.id, a.title, a.description, a.category, a.org_unit_id, u.name as org_unit_name, a.place, a.starts_at,
			a.ends_at, a.capacity, a.signup_deadline, a.status, a.created_at, a.completed_at,
			(select count(*) from activity_signups c where c.activity_id = a.id and c.status = 'CONFIRMED') as confirmed,
			(select count(*) from activity_signups w where w.activity_id = a.id and w.status = 'WAITLISTED') as waitlisted
			""";

	private static final String SELECT = "select " + ACTIVITY_COLUMNS
			+ " from activities a join org_units u on u.id = a.org_unit_id";

	private static final String SIGNUP_COLUMNS = """
			s.activity_id, s.user_id, s.seq, s.status, s.signed_up_at, s.checked_in_at, s.checked_out_at, s.hours""";

	private final DatabaseClient database;

	ActivityRepository(DatabaseClient database) {
		this.database = database;
	}

	record NewActivity(UUID id, String title, String description, String category, UUID orgUnitId, String place,
			Instant startsAt, Instant endsAt, int capacity, Instant signupDeadline, UUID createdBy) {
	}

	/**
	 * Which activities a list shows: a unit and every unit under it, and a window of
	 * start times.
	 */
	record Filter(UUID orgUnitId, Instant from, Instant to) {
	}

	Mono<Void> insert(NewActivity activity) {
		return database.sql("""
				insert into activities (id, title, description, category, org_unit_id, place, starts_at, ends_at,
				                        capacity, signup_deadline, created_by)
				values (:id, :title, :description, :category, :orgUnitId, :place, :startsAt, :endsAt, :capacity,
				        :deadline, :createdBy)
				""")
			.bind("id", activity.id())
			.bind("title", activity.title())
			.bind("description", activity.description())
			.bind("category", activity.category())
			.bind("orgUnitId", activity.orgUnitId())
			.bind("place", activity.place())
			.bind("startsAt", activity.startsAt())
			.bind("endsAt", activity.endsAt())
			.bind("capacity", activity.capacity())
			.bind("deadline", activity.signupDeadline())
			.bind("createdBy", activity.createdBy())
			.then();
	}

	Mono<Activity> find(UUID id) {
		return database.sql(SELECT + " where a.id = :id").bind("id", id).map((row, meta) -> activity(row)).one();
	}

	/**
	 * Locks the activity's row until the transaction ends: sign-ups, cancellations and
	 * completion go one at a time.
	 */
	Mono<Activity> lock(UUID id) {
		return database.sql("select id from activities where id = :id for update")
			.bind("id", id)
			.map((row, meta) -> row.get("id", UUID.class))
			.one()
			.flatMap(this::find);
	}

	/**
	 * Shares the activity's row until the transaction ends: a completion waits for
	 * check-ins in flight.
	 */
	Mono<Activity> lockShared(UUID id) {
		return database.sql("select id from activities where id = :id for share")
			.bind("id", id)
			.map((row, meta) -> row.get("id", UUID.class))
			.one()
			.flatMap(this::find);
	}

	Mono<List<Activity>> page(Filter filter, int limit, long offset) {
		return bindFilter(
				database.sql(SELECT + where(filter) + " order by a.starts_at, a.id limit :limit offset :offset"),
				filter)
			.bind("limit", limit)
			.bind("offset", offset)
			.map((row, meta) -> activity(row))
			.all()
			.collectList();
	}

	Mono<Long> count(Filter filter) {
		return bindFilter(database
			.sql("select count(*) as total from activities a join org_units u on u.id = a.org_unit_id" + where(filter)),
				filter)
			.map((row, meta) -> row.get("total", Long.class))
			.one();
	}

	private static String where(Filter filter) {
		List<String> conditions = new ArrayList<>();
		if (filter.orgUnitId() != null) {
			conditions.add("(a.org_unit_id = :unit or :unit = any(u.ancestor_ids))");
		}
		if (filter.from() != null) {
			conditions.add("a.starts_at >= :from");
		}
		if (filter.to() != null) {
			conditions.add("a.starts_at < :to");
		}
		return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
	}

	private static GenericExecuteSpec bindFilter(GenericExecuteSpec spec, Filter filter) {
		if (filter.orgUnitId() != null) {
			spec = spec.bind("unit", filter.orgUnitId());
		}
		if (filter.from() != null) {
			spec = spec.bind("from", filter.from());
		}
		if (filter.to() != null) {
			spec = spec.bind("to", filter.to());
		}
		return spec;
	}

	Mono<Signup> signup(UUID activityId, UUID userId) {
		return database
			.sql("select " + SIGNUP_COLUMNS
					+ " from activity_signups s where s.activity_id = :activity and s.user_id = :user")
			.bind("activity", activityId)
			.bind("user", userId)
			.map((row, meta) -> signup(row))
			.one();
	}

	/** The sign-up's row locked until the transaction ends. */
	Mono<Signup> lockSignup(UUID activityId, UUID userId) {
		return database
			.sql("select " + SIGNUP_COLUMNS
					+ " from activity_signups s where s.activity_id = :activity and s.user_id = :user for update")
			.bind("activity", activityId)
			.bind("user", userId)
			.map((row, meta) -> signup(row))
			.one();
	}

	Mono<List<Signup>> signups(UUID activityId) {
		return database
			.sql("select " + SIGNUP_COLUMNS + " from activity_signups s where s.activity_id = :activity order by s.seq")
			.bind("activity", activityId)
			.map((row, meta) -> signup(row))
			.all()
			.collectList();
	}

	/** A new sign-up, or a cancelled one signed up again (at the end of the waitlist). */
	Mono<Signup> upsertSignup(UUID activityId, UUID userId, Signup.Status status, Instant at) {
		return database.sql("""
				insert into activity_signups as s (activity_id, user_id, status, signed_up_at)
				values (:activity, :user, :status, :at)
				on conflict (activity_id, user_id) do update
				  set status = excluded.status, signed_up_at = excluded.signed_up_at,
				      seq = nextval(pg_get_serial_sequence('activity_signups', 'seq')), cancelled_at = null,
				      checked_in_at = null, checked_out_at = null, hours = null
				  where s.status = 'CANCELLED'
				returning """ + " " + SIGNUP_COLUMNS)
			.bind("activity", activityId)
			.bind("user", userId)
			.bind("status", status.name())
			.bind("at", at)
			.map((row, meta) -> signup(row))
			.one();
	}

	/** 1-based place of a waitlisted sign-up in its activity's waitlist. */
	Mono<Integer> position(UUID activityId, long seq) {
		return database.sql("""
				select count(*) as position from activity_signups
				where activity_id = :activity and status = 'WAITLISTED' and seq <= :seq
				""")
			.bind("activity", activityId)
			.bind("seq", seq)
			.map((row, meta) -> row.get("position", Long.class).intValue())
			.one();
	}

	Mono<Void> cancel(UUID activityId, UUID userId, Instant at) {
		return database.sql("""
				update activity_signups set status = 'CANCELLED', cancelled_at = :at
				where activity_id = :activity and user_id = :user
				""").bind("activity", activityId).bind("user", userId).bind("at", at).then();
	}

	/** Confirms the earliest waitlisted sign-up, if any; returns who moved up. */
	Mono<UUID> promoteFirstWaitlisted(UUID activityId) {
		return database.sql("""
				update activity_signups set status = 'CONFIRMED'
				where (activity_id, user_id) = (
				  select activity_id, user_id from activity_signups
				  where activity_id = :activity and status = 'WAITLISTED' order by seq limit 1 for update)
				returning user_id
				""").bind("activity", activityId).map((row, meta) -> row.get("user_id", UUID.class)).one();
	}

	/** 签到 ({@code IN}) or 签退 ({@code OUT}) of the sign-up at {@code at}. */
	Mono<Void> attend(UUID activityId, UUID userId, AttendanceType type, Instant at) {
		String column = (type == AttendanceType.IN) ? "checked_in_at" : "checked_out_at";
		return setOnSignup(activityId, userId, column, at);
	}

	Mono<Void> insertCode(UUID activityId, String code, UUID issuedBy, Instant issuedAt, Instant expiresAt) {
		return database.sql("""
				insert into activity_check_in_codes (activity_id, code, issued_by, issued_at, expires_at)
				values (:activity, :code, :by, :at, :expires)
				""")
			.bind("activity", activityId)
			.bind("code", code)
			.bind("by", issuedBy)
			.bind("at", issuedAt)
			.bind("expires", expiresAt)
			.then();
	}

	/** When the activity's code expires; empty when the activity has no such code. */
	Mono<Instant> codeExpiry(UUID activityId, String code) {
		return database
			.sql("select expires_at from activity_check_in_codes where activity_id = :activity and code = :code")
			.bind("activity", activityId)
			.bind("code", code)
			.map((row, meta) -> row.get("expires_at", Instant.class))
			.one();
	}

	/** Forgets codes that expired well before {@code before}. */
	Mono<Void> forgetCodesExpiredBefore(Instant before) {
		return database.sql("delete from activity_check_in_codes where expires_at < :before")
			.bind("before", before)
			.then();
	}

	Mono<Void> markCompleted(UUID activityId, Instant at) {
		return database.sql("update activities set status = 'COMPLETED', completed_at = :at where id = :id")
			.bind("id", activityId)
			.bind("at", at)
			.then();
	}

	Mono<Void> recordHours(UUID activityId, UUID userId, BigDecimal hours) {
		return setOnSignup(activityId, userId, "hours", hours);
	}

	/**
	 * Sets one column of a sign-up; {@code column} is one of this class's constants,
	 * never input.
	 */
	private Mono<Void> setOnSignup(UUID activityId, UUID userId, String column, Object value) {
		return database
			.sql("update activity_signups set " + column
					+ " = :value where activity_id = :activity and user_id = :user")
			.bind("activity", activityId)
			.bind("user", userId)
			.bind("value", value)
			.then();
	}

	/**
	 * The attendee's service record: the activity's title, place and unit, on its start
	 * day in China.
	 */
	Mono<Void> insertServiceRecord(Activity activity, UUID userId, BigDecimal hours) {
		return database.sql("""
				insert into service_records (volunteer_id, activity_id, category, hours, content, place, org_unit_id,
				                             served_on)
				values (:user, :activity, :category, :hours, :content, :place, :unit,
				        (:startsAt at time zone 'Asia/Shanghai')::date)
				on conflict (volunteer_id, activity_id) where activity_id is not null do nothing
				""")
			.bind("user", userId)
			.bind("activity", activity.id())
			.bind("category", activity.category())
			.bind("hours", hours)
			.bind("content", activity.title())
			.bind("place", activity.place())
			.bind("unit", activity.orgUnitId())
			.bind("startsAt", activity.startsAt())
			.then();
	}

	/**
	 * A row of the staff's sign-up list, before the phone is masked and the position
	 * counted.
	 */
	record SignupRow(UUID userId, String name, String volunteerNo, String phone, Signup.Status status,
			Instant signedUpAt, Instant checkedInAt, Instant checkedOutAt, BigDecimal hours) {
	}

	/** Confirmed first, then waitlisted in order; cancelled sign-ups are left out. */
	Mono<List<SignupRow>> signupRows(UUID activityId) {
		return database.sql("""
				select s.user_id, v.real_name, v.volunteer_no, us.phone, s.status, s.signed_up_at, s.checked_in_at,
				       s.checked_out_at, s.hours
				from activity_signups s join volunteers v on v.user_id = s.user_id join users us on us.id = s.user_id
				where s.activity_id = :activity and s.status <> 'CANCELLED'
				order by case s.status when 'CONFIRMED' then 0 else 1 end, s.seq
				""")
			.bind("activity", activityId)
			.map((row, meta) -> new SignupRow(row.get("user_id", UUID.class), row.get("real_name", String.class),
					row.get("volunteer_no", String.class), row.get("phone", String.class),
					Signup.Status.valueOf(row.get("status", String.class)), row.get("signed_up_at", Instant.class),
					row.get("checked_in_at", Instant.class), row.get("checked_out_at", Instant.class),
					row.get("hours", BigDecimal.class)))
			.all()
			.collectList();
	}

	/**
	 * A volunteer's sign-up with its activity, as {@code GET /api/activities/signups/me}
	 * lists it.
	 */
	record MySignup(Activity activity, Signup.Status status, Integer position, Instant signedUpAt, Instant checkedInAt,
			Instant checkedOutAt, BigDecimal hours) {
	}

	Mono<List<MySignup>> mySignups(UUID userId, int limit, long offset) {
		return database
			.sql("select " + ACTIVITY_COLUMNS
					+ """
							, s.status as signup_status, s.signed_up_at, s.checked_in_at, s.checked_out_at, s.hours,
							  (select count(*) from activity_signups q
							   where q.activity_id = s.activity_id and q.status = 'WAITLISTED' and q.seq <= s.seq) as position
							from activity_signups s join activities a on a.id = s.activity_id join org_units u on u.id = a.org_unit_id
							where s.user_id = :user order by a.starts_at desc, a.id limit :limit offset :offset
							""")
			.bind("user", userId)
			.bind("limit", limit)
			.bind("offset", offset)
			.map((row, meta) -> {
				Signup.Status status = Signup.Status.valueOf(row.get("signup_status", String.class));
				Integer position = (status == Signup.Status.WAITLISTED) ? row.get("position", Long.class).intValue()
						: null;
				return new MySignup(activity(row), status, position, row.get("signed_up_at", Instant.class),
						row.get("checked_in_at", Instant.class), row.get("checked_out_at", Instant.class),
						row.get("hours", BigDecimal.class));
			})
			.all()
			.collectList();
	}

	Mono<Long> countMySignups(UUID userId) {
		return database.sql("select count(*) as total from activity_signups where user_id = :user")
			.bind("user", userId)
			.map((row, meta) -> row.get("total", Long.class))
			.one();
	}

	private static Activity activity(Readable row) {
		return new Activity(row.get("id", UUID.class), row.get("title", String.class),
				row.get("description", String.class), row.get("category", String.class),
				row.get("org_unit_id", UUID.class), row.get("org_unit_name", String.class),
				row.get("place", String.class), row.get("starts_at", Instant.class), row.get("ends_at", Instant.class),
				row.get("capacity", Integer.class), row.get("signup_deadline", Instant.class),
				Activity.Status.valueOf(row.get("status", String.class)), row.get("confirmed", Long.class),
				row.get("waitlisted", Long.class), row.get("created_at", Instant.class),
				row.get("completed_at", Instant.class));
	}

	private static Signup signup(Readable row) {
		return new Signup(row.get("activity_id", UUID.class), row.get("user_id", UUID.class),
				row.get("seq", Long.class), Signup.Status.valueOf(row.get("status", String.class)),
				row.get("signed_up_at", Instant.class), row.get("checked_in_at", Instant.class),
				row.get("checked_out_at", Instant.class), row.get("hours", BigDecimal.class));
	}

}
