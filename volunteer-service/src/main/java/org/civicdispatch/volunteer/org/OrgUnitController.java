package org.civicdispatch.volunteer.org;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.org.OrgUnit.Level;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class OrgUnitController {

	private static final String NAME_BLANK = "名称不能为空";

	private final OrgUnits orgUnits;

	OrgUnitController(OrgUnits orgUnits) {
		this.orgUnits = orgUnits;
	}

	record NewOrgUnit(
			@NotNull(message = NAME_BLANK) @Pattern(regexp = Text.NOT_BLANK, message = NAME_BLANK) @SingleLine(
					message = "名称" + Text.NOT_SINGLE_LINE) @Size(max = 100, message = "名称不能超过 100 个字符") String name,
			@NotNull(message = "层级不能为空，须为 CENTRE、INSTITUTE 或 STATION") Level level, UUID parentId) {
	}

	record OrgUnitView(UUID id, String code, String name, Level level, UUID parentId, List<UUID> ancestorIds) {

		static OrgUnitView of(OrgUnit unit) {
			return new OrgUnitView(unit.id(), unit.code(), unit.name(), unit.level(), unit.parentId(),
					unit.ancestorIds());
		}

	}

	@GetMapping("/api/org-units")
	Mono<List<OrgUnitView>> all() {
		return orgUnits.all().map(units -> units.stream().map(OrgUnitView::of).toList());
	}

	@GetMapping("/api/org-units/{id}")
	Mono<OrgUnitView> one(@PathVariable UUID id) {
		return orgUnits.find(id)
			.map(OrgUnitView::of)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该组织单位")));
	}

	@PostMapping("/api/org-units")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<OrgUnitView> create(@Valid @RequestBody NewOrgUnit request, CurrentUser user) {
		return orgUnits.create(user, Text.trim(request.name()), request.level(), request.parentId())
			.map(OrgUnitView::of);
	}

}
