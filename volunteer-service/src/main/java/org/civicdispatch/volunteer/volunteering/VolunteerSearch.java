package org.civicdispatch.volunteer.volunteering;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.volunteer.volunteering.VolunteerRepository.Search;
import org.civicdispatch.volunteer.volunteering.VolunteerRepository.Sort;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.StaffScope;
import org.civicdispatch.web.VisibleText;

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

	private final VolunteerRepository repository;

	private final OrgUnits orgUnits;

	private final StaffScope staffScope;

	VolunteerSearch(VolunteerRepository repository, OrgUnits orgUnits, StaffScope staffScope) {
		this.repository = repository;
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

	Mono<Page<VolunteerListItem>> find(CurrentUser user, UUID orgUnitId, String query, String sort, int page,
			int size) {
		if (!user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有工作人员和管理员可以查找志愿者"));
		}
		// checked after the role: whoever may not search hears 403 whatever page it asks
		// for
		PageRequest request = PageRequest.of(page, size);
		String text = query(query);
		Sort order = sort(sort);
		return search(user, orgUnitId, text)
			.flatMap((search) -> Mono.zip(repository.search(search, order, request.size(), request.offset()),
					repository.countSearch(search)))
			.map((parts) -> Page.of(request, parts.getT1(), parts.getT2()));
	}

	private static Sort sort(String text) {
		return switch (text) {
			case "newest" -> Sort.NEWEST;
			case "name" -> Sort.NAME;
			default -> throw BadRequestException.field("sort", "排序方式须为 newest（最新注册在前）或 name（按姓名）");
		};
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
	 * Where the volunteers are looked for: the subtree of the unit asked for, when the
	 * caller covers it (an unknown one is a 404); without one, the caller's own scopes,
	 * or every station for ADMIN.
	 */
	private Mono<Search> search(CurrentUser user, UUID orgUnitId, String text) {
		if (orgUnitId == null) {
			return Mono.just(new Search(user.isAdmin(), user.staffScopes(), text));
		}
		return orgUnits.find(orgUnitId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该组织单位")))
			.flatMap((unit) -> staffScope.require(user, unit.id(), "该组织单位不在您管理的范围内"))
			.thenReturn(new Search(false, Set.of(orgUnitId), text));
	}

}
