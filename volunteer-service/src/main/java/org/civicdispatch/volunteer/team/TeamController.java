package org.civicdispatch.volunteer.team;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.Page;
import org.civicdispatch.web.PageRequest;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.team.Team.Member;
import org.civicdispatch.volunteer.team.TeamRepository.Filter;
import org.civicdispatch.volunteer.team.TeamRepository.NewTeam;
import org.civicdispatch.web.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class TeamController {

	private static final String NAME_BLANK = "队伍名称不能为空";

	private static final String NAME_TOO_LONG = "队伍名称不能超过 100 个字符";

	private static final String NAME_NOT_SINGLE_LINE = "队伍名称" + Text.NOT_SINGLE_LINE;

	private static final int MAX_CATEGORIES = 20;

	private static final String TOO_MANY_CATEGORIES = "服务类别最多 20 项";

	private static final String CAPACITY_TOO_SMALL = "同时承接的订单数至少为 1";

	private static final String CAPACITY_TOO_LARGE = "同时承接的订单数不能超过 1000";

	private final Teams teams;

	TeamController(Teams teams) {
		this.teams = teams;
	}

	record NewTeamRequest(
			@NotNull(message = NAME_BLANK) @Pattern(regexp = Text.NOT_BLANK, message = NAME_BLANK) @SingleLine(
					message = NAME_NOT_SINGLE_LINE) @Size(max = 100, message = NAME_TOO_LONG) String name,
			@NotNull(message = "层级不能为空，须为 CORPS、SQUADRON 或 DETACHMENT") TeamLevel level, UUID parentId,
			@NotNull(message = "组织单位不能为空") UUID orgUnitId,
			@NotEmpty(message = "至少选择一个服务类别") @Size(max = MAX_CATEGORIES,
					message = TOO_MANY_CATEGORIES) List<@NotBlank(message = "服务类别不能为空") @Size(max = 32,
							message = "服务类别不存在") String> categories,
			@NotNull(message = "同时承接的订单数不能为空") @Min(value = 1, message = CAPACITY_TOO_SMALL) @Max(value = 1000,
					message = CAPACITY_TOO_LARGE) Integer capacity,
			@NotNull(message = "队长不能为空") UUID leaderId) {
	}

	/** Only what is present changes. */
	record TeamChanges(
			@Pattern(regexp = Text.NOT_BLANK, message = NAME_BLANK) @SingleLine(message = NAME_NOT_SINGLE_LINE) @Size(
					max = 100, message = NAME_TOO_LONG) String name,
			@Size(min = 1, message = "至少选择一个服务类别") @Size(max = MAX_CATEGORIES,
					message = TOO_MANY_CATEGORIES) List<@NotBlank(message = "服务类别不能为空") @Size(max = 32,
							message = "服务类别不存在") String> categories,
			@Min(value = 1, message = CAPACITY_TOO_SMALL) @Max(value = 1000,
					message = CAPACITY_TOO_LARGE) Integer capacity,
			UUID leaderId) {
	}

	record NewMember(@NotNull(message = "志愿者不能为空") UUID userId) {
	}

	record TeamView(UUID id, String name, TeamLevel level, UUID parentId, UUID orgUnitId, List<String> categories,
			int capacity, UUID leaderId, List<Member> members, boolean active, long version, OffsetDateTime createdAt) {

		static TeamView of(Team team) {
			return new TeamView(team.id(), team.name(), team.level(), team.parentId(), team.orgUnitId(),
					team.categories(), team.capacity(), team.leaderId(), team.members(), team.active(), team.version(),
					team.createdAt());
		}

	}

	@PostMapping("/api/teams")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<TeamView> create(@Valid @RequestBody NewTeamRequest request, CurrentUser user) {
		NewTeam team = new NewTeam(UUID.randomUUID(), Text.trim(request.name()), request.level(), request.parentId(),
				request.orgUnitId(), request.categories().stream().map(String::strip).distinct().toList(),
				request.capacity(), request.leaderId());
		return teams.create(user, team).map(TeamView::of);
	}

	@GetMapping("/api/teams/{id}")
	Mono<TeamView> one(@PathVariable UUID id) {
		return teams.find(id).map(TeamView::of);
	}

	@GetMapping("/api/teams")
	Mono<Page<TeamView>> list(@RequestParam(required = false) UUID orgUnitId,
			@RequestParam(required = false) String category, @RequestParam(required = false) Boolean active,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return teams.page(new Filter(orgUnitId, category, active), PageRequest.of(page, size))
			.map((found) -> found.map(TeamView::of));
	}

	@PatchMapping("/api/teams/{id}")
	Mono<TeamView> update(@PathVariable UUID id, @Valid @RequestBody TeamChanges request, CurrentUser user) {
		List<String> categories = request.categories() == null ? null
				: request.categories().stream().map(String::strip).distinct().toList();
		String name = request.name() == null ? null : Text.trim(request.name());
		return teams.update(user, id, new Teams.Changes(name, categories, request.capacity(), request.leaderId()))
			.map(TeamView::of);
	}

	@PostMapping("/api/teams/{id}/deactivate")
	Mono<TeamView> deactivate(@PathVariable UUID id, CurrentUser user) {
		return teams.deactivate(user, id).map(TeamView::of);
	}

	@PostMapping("/api/teams/{id}/members")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<TeamView> addMember(@PathVariable UUID id, @Valid @RequestBody NewMember request, CurrentUser user) {
		return teams.addMember(user, id, request.userId()).map(TeamView::of);
	}

	@DeleteMapping("/api/teams/{id}/members/{userId}")
	Mono<TeamView> removeMember(@PathVariable UUID id, @PathVariable UUID userId, CurrentUser user) {
		return teams.removeMember(user, id, userId).map(TeamView::of);
	}

}
