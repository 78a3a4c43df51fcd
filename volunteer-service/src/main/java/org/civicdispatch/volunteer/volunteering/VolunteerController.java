package org.civicdispatch.volunteer.volunteering;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.volunteering.VolunteerSearch.VolunteerListItem;
import org.civicdispatch.volunteer.volunteering.Volunteers.ServiceRecord;
import org.civicdispatch.volunteer.volunteering.Volunteers.VolunteerView;
import org.civicdispatch.web.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class VolunteerController {

	private static final String NAME_BLANK = "真实姓名不能为空";

	private static final String SKILL_BLANK = "技能不能为空";

	private final Volunteers volunteers;

	private final VolunteerSearch search;

	VolunteerController(Volunteers volunteers, VolunteerSearch search) {
		this.volunteers = volunteers;
		this.search = search;
	}

	record NewVolunteer(
			@NotNull(message = NAME_BLANK) @Pattern(regexp = Text.NOT_BLANK, message = NAME_BLANK) @SingleLine(
					message = "真实姓名" + Text.NOT_SINGLE_LINE) @Size(max = 50,
							message = "真实姓名不能超过 50 个字符") String realName,
			@Size(max = 20,
					message = "技能最多 20 项") List<@NotNull(message = SKILL_BLANK) @Pattern(regexp = Text.NOT_BLANK,
							message = SKILL_BLANK) @SingleLine(message = "技能" + Text.NOT_SINGLE_LINE) @Size(max = 30,
									message = "每项技能不能超过 30 个字符") String> skills,
			@NotNull(message = "实践站不能为空") UUID stationId) {
	}

	@PostMapping("/api/volunteers")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<VolunteerView> register(@Valid @RequestBody NewVolunteer request, CurrentUser user) {
		List<String> skills = request.skills() == null ? List.of()
				: request.skills().stream().map(Text::trim).distinct().toList();
		return volunteers.register(user, Text.trim(request.realName()), skills, request.stationId());
	}

	@GetMapping("/api/volunteers")
	@Operation(summary = "Find volunteers by name or phone: the volunteers of an org unit's stations", description = """
			STAFF and ADMIN; others 403. With `orgUnitId`, the volunteers whose station lies in that unit's \
			subtree (the caller must be STAFF over the unit or a unit above it, else 403; an unknown unit is \
			a 404); without it, those of every unit the caller is staff over (ADMIN: every volunteer). `q` \
			(trimmed, at most 50 characters, one line; otherwise 400) keeps those whose real name or account \
			name holds it, or, when it is digits (spaces and hyphens ignored), whose phone starts or ends with \
			them (its first digits, or its last four: 尾号). \
			Paged; newest registration first, or `sort=name` (in pinyin order). Each item is the volunteer's \
			profile with the account's name and phone, for staff to call.""")
	Mono<Page<VolunteerListItem>> find(@Parameter(
			description = "The centre, institute or station; without it, the caller's whole scope") @RequestParam(
					required = false) UUID orgUnitId,
			@Parameter(description = "Part of a name, or the first or last digits of a phone",
					schema = @Schema(type = "string", maxLength = VolunteerSearch.MAX_QUERY_LENGTH)) @RequestParam(
							required = false) String q,
			@Parameter(description = "`newest` (default): newest registration first; `name`: by real name",
					schema = @Schema(type = "string", allowableValues = { "newest", "name" },
							defaultValue = "newest")) @RequestParam(defaultValue = "newest") String sort,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, CurrentUser user) {
		return search.find(user, orgUnitId, q, sort, page, size);
	}

	@GetMapping("/api/volunteers/{userId}")
	Mono<VolunteerView> profile(@PathVariable UUID userId, CurrentUser user) {
		return volunteers.profile(user, userId);
	}

	@GetMapping("/api/volunteers/{userId}/service-records")
	Mono<Page<ServiceRecord>> serviceRecords(@PathVariable UUID userId, CurrentUser user,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return volunteers.serviceRecords(user, userId, PageRequest.of(page, size));
	}

}
