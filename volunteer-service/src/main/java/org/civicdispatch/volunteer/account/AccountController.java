package org.civicdispatch.volunteer.account;

import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.civicdispatch.web.SingleLine;
import org.civicdispatch.volunteer.Text;
import org.civicdispatch.volunteer.account.Accounts.Me;
import org.civicdispatch.web.ClientAddress;
import org.civicdispatch.web.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

@RestController
class AccountController {

	private static final String NAME_BLANK = "姓名不能为空";

	private final Accounts accounts;

	AccountController(Accounts accounts) {
		this.accounts = accounts;
	}

	record RegisterRequest(
			@NotNull(message = "手机号不能为空") @Pattern(regexp = Phones.MAINLAND_MOBILE,
					message = Phones.NOT_MAINLAND_MOBILE) String phone,
			@NotNull(message = "密码不能为空") @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH,
					message = "密码长度须为 8 到 64 个字符") @StrongPassword String password,
			@NotNull(message = NAME_BLANK) @Pattern(regexp = Text.NOT_BLANK, message = NAME_BLANK) @SingleLine(
					message = "姓名" + Text.NOT_SINGLE_LINE) @Size(max = 50, message = "姓名不能超过 50 个字符") String name) {

		@Override
		public String toString() {
			return "RegisterRequest[phone=" + Phones.mask(phone) + ", name=" + name + "]";
		}

	}

	/**
	 * The phone has the same shape as at registration: no other value can name an
	 * account.
	 */
	record LoginRequest(
			@NotNull(message = "手机号不能为空") @Pattern(regexp = Phones.MAINLAND_MOBILE,
					message = Phones.NOT_MAINLAND_MOBILE) String phone,
			@NotEmpty(message = "密码不能为空") @Size(max = Passwords.MAX_LENGTH,
					message = "密码不能超过 64 个字符") String password) {

		@Override
		public String toString() {
			return "LoginRequest[phone=" + Phones.mask(phone) + "]";
		}

	}

	record AccountView(UUID id, String phone, String name, Set<String> roles) {
	}

	record UserSummary(UUID id, String name, Set<String> roles) {
	}

	record LoginResponse(String accessToken, String tokenType, long expiresIn, UserSummary user) {

		@Override
		public String toString() {
			return "LoginResponse[user=" + user + "]";
		}

	}

	@PostMapping("/api/auth/register")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<AccountView> register(@Valid @RequestBody RegisterRequest request) {
		return accounts.register(request.phone(), request.password(), Text.trim(request.name()))
			.map((account) -> new AccountView(account.id(), account.phone(), account.name(), account.roles()));
	}

	@PostMapping("/api/auth/login")
	Mono<LoginResponse> login(@Valid @RequestBody LoginRequest request, ServerWebExchange exchange) {
		return accounts.login(request.phone(), request.password(), ClientAddress.of(exchange))
			.map((login) -> new LoginResponse(login.token().accessToken(), "Bearer", login.token().expiresIn(),
					new UserSummary(login.account().id(), login.account().name(), login.account().roles())));
	}

	@GetMapping("/api/users")
	@Operation(summary = "Find an account by its phone number (ADMIN)", description = """
			ADMIN only; anyone else 403. `phone` is checked as at registration and login: exactly 11 ASCII \
			digits starting with 1, no spaces, no `+86` (otherwise 400). The account with that phone, with \
			the roles a token issued now would carry (a role granted since the person's last login shows \
			here first); none is a 404. For the console, to name the person before granting them a staff \
			scope.""")
	Mono<AccountView> findByPhone(@Parameter(description = "A mainland mobile number, 11 digits", required = true,
			schema = @Schema(type = "string", pattern = "^" + Phones.MAINLAND_MOBILE + "$",
					example = "13800000000")) @RequestParam(required = false) String phone,
			CurrentUser user) {
		return accounts.findByPhone(user, phone)
			.map((account) -> new AccountView(account.id(), account.phone(), account.name(), account.roles()));
	}

	@GetMapping("/api/me")
	Mono<Me> me(CurrentUser user) {
		return accounts.me(user.id());
	}

}
