package org.civicdispatch.volunteer.org;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.civicdispatch.volunteer.org.StaffScopes.Grant;
import org.civicdispatch.web.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class StaffController {

	private final StaffScopes staffScopes;

	StaffController(StaffScopes staffScopes) {
		this.staffScopes = staffScopes;
	}

	record GrantRequest(@NotNull(message = "用户不能为空") UUID userId, @NotNull(message = "组织单位不能为空") UUID orgUnitId) {
	}

	@PostMapping("/api/staff")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Grant> grant(@Valid @RequestBody GrantRequest request, CurrentUser user) {
		return staffScopes.grant(user, request.userId(), request.orgUnitId());
	}

}
