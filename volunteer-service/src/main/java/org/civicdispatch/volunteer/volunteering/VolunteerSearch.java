package org.civicdispatch.volunteer.volunteering;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.r2dbc.spi.Readable;
import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.StaffScope;
import org.civicdispatch.web.VisibleText;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * The volunteers staff look after, found by name or phone: those whose station lies in
 * the subtree of the unit asked for, or without one, of any of the caller's staff scopes
 * (ADMIN: every volunteer).
 */
@Service
class VolunteerSearch {

	static final int MAX_QUERY_LENGTH = 50;

	/**
	 * Spaces and hyphens people type inside a phone number: {@code 138 0000 0000},
	 * {@code 138-0000-0000}.
	 */
	private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s\\p{Z}-]");

	private static final Pattern PHONE_DIGITS = Pattern.compile("[0-9]{1,11}");

	private final DatabaseClient database;

	private final OrgUnits orgUnits;

	private final StaffScope staffScope;

	VolunteerSearch(DatabaseClient database, OrgUnits orgUnits, StaffScope staffScope) {
		this.database = database;
		this.orgUnits = orgUnits;
		this.staffScope = staffScope;
	}

	/**
	 * A volunteer as staff see them in a list: the profile, the account's name and the
	 * phone to call.
	 */
	record VolunteerListItem(UUID userId, String volunteerNo, String realName, String name, String phone,
			List<String> skills, UUID stationId, BigDecimal serviceHours, OffsetDateTime registeredAt) {
	}

	enum Order {

		NEWEST("v.created_at desc, v.user_id"), NAME("v.real_name collate person_name, v.created_at desc, v.user_id");

		private final String sql;

		Order(String sql) {
			this.sql = sql;
		}

		static Order of(String text) {
			return switch (text) {
				case "newest" -> NEWEST;
				case "name" -> NAME;
				default -> throw BadRequestException.field("sort", "排序方式须为 newest（最新注册在前）或 name（按姓名）");
			};
		}

	}

	Mono<Page<VolunteerListItem>> find(CurrentUser user, UUID orgUnitId, String query, String sort, int page,
			int size) {
		if (!user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有工作人员和管理员可以查找志愿者"));
		}
		// checked after the role: whoever may not search hears 403 whatever page it asks
		// for
		PageRequest request = PageRequest.of(page, size);
		String text = query(query);
		Order order = Order.of(sort);
		return reach(user, orgUnitId).flatMap((reach) -> {
			Filter filter = new Filter(reach, text);
			Mono<List<VolunteerListItem>> items = filter.bind(database.sql("""
					select v.user_id, v.volunteer_no, v.real_name, v.skills, v.station_id, v.created_at,
					       u.name, u.phone,
					       coalesce((select sum(r.hours) from service_records r where r.volunteer_id = v.user_id), 0)
					         as service_hours
					from volunteers v join users u on u.id = v.user_id
					""" + filter.joinUnits() + filter.where() + " order by " + order.sql
					+ " limit :limit offset :offset"))
				.bind("limit", request.size())
				.bind("offset", request.offset())
				.map((row, meta) -> item(row))
				.all()
				.collectList();
			Mono<Long> total = filter.bind(database.sql("select count(*) as total from volunteers v "
					+ (text.isEmpty() ? "" : "join users u on u.id = v.user_id ") + filter.joinUnits()
					+ filter.where()))
				.map((row, meta) -> row.get("total", Long.class))
				.one();
			return Mono.zip(items, total).map((parts) -> Page.of(request, parts.getT1(), parts.getT2()));
		});
	}

	/**
	 * Trimmed, one line of visible text, at most 50 characters; blank means "everyone".
	 */
	private static String query(String query) {
		if (query == null) {
			return "";
		}
		if (!VisibleText.isClean(query) || query.chars().anyMatch((c) -> c == '\n' || c == '\r' || c == '\t')) {
			throw BadRequestException.field("q", "搜索内容" + VisibleText.MESSAGE);
		}
		String text = Text.trim(query);
		if (text.codePointCount(0, text.length()) > MAX_QUERY_LENGTH) {
			throw BadRequestException.field("q", "搜索内容不能超过 " + MAX_QUERY_LENGTH + " 个字符");
		}
		return text;
	}

	/**
	 * Where the volunteers are looked for: every station, or the subtrees of some units.
	 */
	private record Reach(boolean everywhere, Set<UUID> units) {
	}

	/**
	 * The unit asked for, when the caller covers it (an unknown one is a 404); without
	 * one, the caller's own scopes, or everywhere for ADMIN.
	 */
	private Mono<Reach> reach(CurrentUser user, UUID orgUnitId) {
		if (orgUnitId == null) {
			return Mono.just(new Reach(user.isAdmin(), user.staffScopes()));
		}
		return orgUnits.find(orgUnitId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该组织单位")))
			.flatMap((unit) -> staffScope.require(user, unit.id(), "该组织单位不在您管理的范围内"))
			.thenReturn(new Reach(false, Set.of(orgUnitId)));
	}

	/**
	 * The conditions of one search, each in the SQL only when it applies, so that every
	 * variant gets a plan of its own: a station's list reads its index, and no branch is
	 * left for a parameter to switch off. The SQL is made of these fixed fragments only;
	 * what was typed is bound.
	 */
	private record Filter(Reach reach, String query, String phoneDigits) {

		Filter(Reach reach, String query) {
			this(reach, query, phoneDigits(query));
		}

		/**
		 * The digits typed, when what was typed is part of a phone number: else empty.
		 */
		private static String phoneDigits(String query) {
			String digits = PHONE_SEPARATORS.matcher(query).replaceAll("");
			return PHONE_DIGITS.matcher(digits).matches() ? digits : "";
		}

		String joinUnits() {
			return reach.everywhere() ? "" : "join org_units o on o.id = v.station_id ";
		}

		String where() {
			List<String> conditions = new ArrayList<>();
			if (!reach.everywhere()) {
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
			if (!reach.everywhere()) {
				spec = spec.bind("units", reach.units().toArray(UUID[]::new));
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

	private static VolunteerListItem item(Readable row) {
		String[] skills = row.get("skills", String[].class);
		return new VolunteerListItem(row.get("user_id", UUID.class), row.get("volunteer_no", String.class),
				row.get("real_name", String.class), row.get("name", String.class), row.get("phone", String.class),
				skills == null ? List.of() : List.of(skills), row.get("station_id", UUID.class),
				row.get("service_hours", BigDecimal.class), row.get("created_at", OffsetDateTime.class));
	}

}
