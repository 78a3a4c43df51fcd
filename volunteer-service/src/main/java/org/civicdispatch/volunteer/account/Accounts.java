package org.civicdispatch.volunteer.account;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.messaging.Outbox;
import org.civicdispatch.volunteer.team.Teams;
import org.civicdispatch.volunteer.team.Teams.TeamOfMember;
import org.civicdispatch.volunteer.token.TokenIssuer;
import org.civicdispatch.volunteer.token.TokenIssuer.IssuedToken;
import org.civicdispatch.volunteer.volunteering.Volunteers;
import org.civicdispatch.volunteer.volunteering.Volunteers.VolunteerView;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.ConflictException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.TooManyRequestsException;
import org.civicdispatch.web.UnauthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/** Registration, login with throttling, and "who am I". */
@Service
class Accounts {

	private static final Logger log = LoggerFactory.getLogger(Accounts.class);

	static final String PHONE_TAKEN = "该手机号已注册";

	static final String WRONG_CREDENTIALS = "手机号或密码不正确";

	static final String LOGIN_FAILURES = "civic.login.failures";

	private final AccountRepository repository;

	private final Passwords passwords;

	private final LoginThrottle throttle;

	private final TokenIssuer tokens;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	private final Volunteers volunteers;

	private final Teams teams;

	private final Counter wrongCredentials;

	private final Counter locked;

	Accounts(AccountRepository repository, Passwords passwords, LoginThrottle throttle, TokenIssuer tokens,
			Outbox outbox, TransactionalOperator transactions, Volunteers volunteers, Teams teams,
			MeterRegistry meters) {
		this.repository = repository;
		this.passwords = passwords;
		this.throttle = throttle;
		this.tokens = tokens;
		this.outbox = outbox;
		this.transactions = transactions;
		this.volunteers = volunteers;
		this.teams = teams;
		this.wrongCredentials = loginFailures(meters, "wrong_credentials");
		this.locked = loginFailures(meters, "locked");
	}

	/**
	 * {@code civic_login_failures_total{reason}}: a wrong phone or password
	 * ({@code wrong_credentials}), or an attempt refused unchecked because its phone or
	 * client address is locked out ({@code locked}).
	 */
	private static Counter loginFailures(MeterRegistry meters, String reason) {
		return Counter.builder(LOGIN_FAILURES)
			.description("Failed logins: wrong credentials, or refused while locked out")
			.tag("reason", reason)
			.register(meters);
	}

	record Login(Account account, IssuedToken token) {
	}

	record Me(UUID id, String phone, String name, Set<String> roles, VolunteerView volunteer, Set<UUID> staffScopes,
			List<TeamOfMember> teams) {
	}

	Mono<Account> register(String phone, String password, String name) {
		UUID id = UUID.randomUUID();
		return repository.phoneTaken(phone)
			.flatMap((taken) -> taken ? Mono.<String>error(new ConflictException(PHONE_TAKEN))
					: passwords.hash(password))
			.flatMap((hash) -> repository.insert(id, phone, hash, name)
				.then(outbox.append(new UserRegistered(id, name, phone)))
				.as(transactions::transactional))
			.onErrorMap(DuplicateKeyException.class, (ex) -> new ConflictException(PHONE_TAKEN))
			.doOnSuccess((done) -> log.info("Registered user {} ({})", id, Phones.mask(phone)))
			.then(Mono.fromSupplier(() -> new Account(id, phone, name, false, false, Set.of())));
	}

	/**
	 * Checks the password only with a slot of both throttling budgets taken for it first.
	 */
	Mono<Login> login(String phone, String password, String clientAddress) {
		return throttle.begin(phone, clientAddress)
			.doOnError(TooManyRequestsException.class, (refused) -> locked.increment())
			.flatMap((attempt) -> repository.findByPhone(phone)
				.map((found) -> new Candidate(found.account(), found.passwordHash()))
				.defaultIfEmpty(new Candidate(null, null))
				.flatMap((candidate) -> passwords.matches(password, candidate.passwordHash())
					.flatMap((matches) -> matches ? succeed(attempt, candidate.account()) : fail(attempt))));
	}

	private record Candidate(Account account, String passwordHash) {
	}

	private Mono<Login> succeed(LoginThrottle.Attempt attempt, Account account) {
		return throttle.succeeded(attempt)
			.then(tokens.issue(account.id(), account.name(), account.roles(), account.staffScopes()))
			.map((token) -> new Login(account, token))
			.doOnSuccess((login) -> log.info("User {} logged in", account.id()));
	}

	private Mono<Login> fail(LoginThrottle.Attempt attempt) {
		log.info("Failed login for {}", Phones.mask(attempt.phone()));
		wrongCredentials.increment();
		return throttle.failed(attempt).then(Mono.error(new UnauthorizedException(WRONG_CREDENTIALS)));
	}

	/** ADMIN looks an account up by its phone, checked as at registration. */
	Mono<Account> findByPhone(CurrentUser user, String phone) {
		if (!user.isAdmin()) {
			return Mono.error(new ForbiddenException("只有管理员可以按手机号查找用户"));
		}
		if (phone == null || phone.isEmpty()) {
			return Mono.error(BadRequestException.field("phone", "手机号不能为空"));
		}
		if (!phone.matches(Phones.MAINLAND_MOBILE)) {
			return Mono.error(BadRequestException.field("phone", Phones.NOT_MAINLAND_MOBILE));
		}
		return repository.findByPhone(phone)
			.map(AccountRepository.WithPassword::account)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("没有这个手机号的用户")));
	}

	Mono<Me> me(UUID userId) {
		return repository.findById(userId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该用户")))
			.flatMap((account) -> Mono
				.zip(volunteers.find(userId).map(Optional::of).defaultIfEmpty(Optional.empty()), teams.ofMember(userId))
				.map((parts) -> new Me(account.id(), account.phone(), account.name(), account.roles(),
						parts.getT1().orElse(null), account.staffScopes(), parts.getT2())));
	}

}
