package org.civicdispatch.volunteer.account;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.civicdispatch.web.TooManyRequestsException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Slows password guessing down: {@code max-failures} failed logins for one phone within
 * {@code window} lock that phone for {@code lock} (429 with {@code Retry-After}). Kept in the
 * database so every instance agrees.
 */
@Component
class LoginThrottle {

	private final DatabaseClient database;

	private final AccountSettings.Login settings;

	LoginThrottle(DatabaseClient database, AccountSettings settings) {
		this.database = database;
		this.settings = settings.login();
	}

	/** Fails with 429 while the phone is locked. */
	Mono<Void> checkNotLocked(String phone) {
		return database.sql("select locked_until from login_failures where phone = :phone and locked_until > now()")
			.bind("phone", phone)
			.map((row, meta) -> row.get("locked_until", OffsetDateTime.class))
			.one()
			.flatMap((lockedUntil) -> Mono.<Void>error(locked(lockedUntil)));
	}

	/** Counts a failed login; fails with 429 when this one locks the phone. */
	Mono<Void> recordFailure(String phone) {
		String restart = "f.first_failed_at < now() - (:window * interval '1 second')";
		String count = "case when " + restart + " then 1 else f.failures + 1 end";
		return database.sql("""
				insert into login_failures as f (phone, failures, first_failed_at, locked_until)
				values (:phone, 1, now(), case when 1 >= :max then now() + (:lock * interval '1 second') end)
				on conflict (phone) do update set
				  failures = %2$s,
				  first_failed_at = case when %1$s then now() else f.first_failed_at end,
				  locked_until = case when %2$s >= :max then now() + (:lock * interval '1 second') end
				returning locked_until
				""".formatted(restart, count))
			.bind("phone", phone)
			.bind("max", settings.maxFailures())
			.bind("window", (double) settings.window().toSeconds())
			.bind("lock", (double) settings.lock().toSeconds())
			.map((row, meta) -> Optional.ofNullable(row.get("locked_until", OffsetDateTime.class)))
			.one()
			.flatMap((lockedUntil) -> lockedUntil.isPresent() ? Mono.<Void>error(locked(lockedUntil.get()))
					: Mono.<Void>empty());
	}

	Mono<Void> reset(String phone) {
		return database.sql("delete from login_failures where phone = :phone").bind("phone", phone).then();
	}

	private static TooManyRequestsException locked(OffsetDateTime lockedUntil) {
		Duration left = Duration.between(Instant.now(), lockedUntil.toInstant());
		long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
		return new TooManyRequestsException("登录失败次数过多，请 " + minutes + " 分钟后再试",
				left.isNegative() ? Duration.ofSeconds(1) : left);
	}

}
