package org.civicdispatch.volunteer.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.civicdispatch.web.TooManyRequestsException;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Slows password guessing down with two budgets of failed logins per {@code window}: one
 * per phone and client address ({@code max-failures}), so that guesses from one place
 * cannot lock the owner out everywhere, and one per client address over every phone
 * ({@code max-failures-per-address}). Using up either one locks it for {@code lock} (429
 * with {@code Retry-After}). Successful logins cost nothing.
 * <p>
 * An attempt takes a slot in both budgets with one atomic upsert each before its password
 * is checked, so parallel guesses cannot get more passwords checked than the budget
 * allows; a success gives the slots back, a failure keeps them. Kept in the database so
 * every instance agrees.
 */
@Component
class LoginThrottle {

	/**
	 * The widest address kept as a key (IPv6 with a zone id fits); longer ones share a
	 * key by their start.
	 */
	static final int MAX_ADDRESS_LENGTH = 64;

	private final DatabaseClient database;

	private final AccountSettings.Login settings;

	private final Clock clock;

	LoginThrottle(DatabaseClient database, AccountSettings settings, Clock clock) {
		this.database = database;
		this.settings = settings.login();
		this.clock = clock;
	}

	/**
	 * A login attempt holding a slot in both budgets; {@code locksUntil} is when the lock
	 * that its failure would complete ends, if it took the last slot of one.
	 */
	record Attempt(String phone, String address, Optional<OffsetDateTime> locksUntil) {
	}

	/**
	 * Takes a slot for an attempt to log in to {@code phone} from {@code clientAddress},
	 * or fails with 429.
	 */
	Mono<Attempt> begin(String phone, String clientAddress) {
		String address = clientAddress.length() <= MAX_ADDRESS_LENGTH ? clientAddress
				: clientAddress.substring(0, MAX_ADDRESS_LENGTH);
		return take(Budget.PHONE_AT_ADDRESS, phone,
				address)
			.flatMap((phoneLock) -> take(Budget.ADDRESS, phone, address)
				.onErrorResume(TooManyRequestsException.class,
						(locked) -> giveBack(Budget.PHONE_AT_ADDRESS, phone, address).then(Mono.error(locked)))
				.map((addressLock) -> new Attempt(phone, address, later(phoneLock, addressLock))));
	}

	/**
	 * The password was right: the phone starts afresh at this address, and the address
	 * gets its slot back.
	 */
	Mono<Void> succeeded(Attempt attempt) {
		return bind(database.sql("delete from login_attempts where phone = :phone and client_address = :address"),
				Budget.PHONE_AT_ADDRESS, attempt.phone(), attempt.address())
			.then()
			.then(giveBack(Budget.ADDRESS, attempt.phone(), attempt.address()));
	}

	/**
	 * The password was wrong: the slots stay taken; fails with 429 when this failure
	 * completes a lock.
	 */
	Mono<Void> failed(Attempt attempt) {
		return attempt.locksUntil().map((until) -> Mono.<Void>error(locked(until))).orElse(Mono.empty());
	}

	/** Forgets windows and locks that are over; returns how many rows went. */
	Mono<Long> purgeExpired() {
		return Flux.just(Budget.values())
			.concatMap((budget) -> database.sql("""
					delete from %s where window_started_at < now() - :window * interval '1 second'
					  and (locked_until is null or locked_until < now())
					""".formatted(budget.table))
				.bind("window", (double) settings.window().toSeconds())
				.fetch()
				.rowsUpdated())
			.reduce(0L, Long::sum);
	}

	/**
	 * Counts one attempt into a budget, starting a new window when the last one is over;
	 * emits the end of the lock when this attempt took the last slot. Fails with 429
	 * while the budget is locked, counting nothing: the upsert's condition leaves a
	 * locked row as it is and returns no row.
	 */
	private Mono<Optional<OffsetDateTime>> take(Budget budget, String phone, String address) {
		String restart = "(b.window_started_at <= now() - :window * interval '1 second' or b.locked_until <= now())";
		String attempts = "(case when " + restart + " then 1 else b.attempts + 1 end)";
		String lockEnd = "now() + :lock * interval '1 second'";
		GenericExecuteSpec upsert = database.sql("""
				insert into %1$s as b (%2$s, attempts, window_started_at, locked_until)
				values (%3$s, 1, now(), case when 1 >= :max then %6$s end)
				on conflict (%2$s) do update set
				  attempts = %5$s,
				  window_started_at = case when %4$s then now() else b.window_started_at end,
				  locked_until = case when %5$s >= :max then %6$s end
				where b.locked_until is null or b.locked_until <= now()
				returning locked_until
				""".formatted(budget.table, budget.keyColumns, budget.keyValues, restart, attempts, lockEnd))
			.bind("max", max(budget))
			.bind("window", (double) settings.window().toSeconds())
			.bind("lock", (double) settings.lock().toSeconds());
		return bind(upsert, budget, phone, address)
			.map((row, meta) -> Optional.ofNullable(row.get("locked_until", OffsetDateTime.class)))
			.one()
			.switchIfEmpty(Mono.defer(() -> lockedNow(budget, phone, address)));
	}

	private Mono<Optional<OffsetDateTime>> lockedNow(Budget budget, String phone, String address) {
		return bind(database
			.sql("select locked_until from %s where %s and locked_until > now()".formatted(budget.table, budget.key)),
				budget, phone, address)
			.map((row, meta) -> row.get("locked_until", OffsetDateTime.class))
			.one()
			// Unlocked between the two statements: still no slot for this attempt; the
			// next one gets it.
			.defaultIfEmpty(OffsetDateTime.now(clock).plusSeconds(1))
			.flatMap((until) -> Mono.error(locked(until)));
	}

	/**
	 * Returns a slot of an attempt that checked no password or succeeded; below the limit
	 * again, unlocks.
	 */
	private Mono<Void> giveBack(Budget budget, String phone, String address) {
		return bind(database.sql("""
				update %s set attempts = greatest(attempts - 1, 0),
				  locked_until = case when attempts - 1 >= :max then locked_until end
				where %s
				""".formatted(budget.table, budget.key)), budget, phone, address).bind("max", max(budget)).then();
	}

	private int max(Budget budget) {
		return (budget == Budget.ADDRESS) ? settings.maxFailuresPerAddress() : settings.maxFailures();
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, Budget budget, String phone, String address) {
		GenericExecuteSpec bound = spec.bind("address", address);
		return (budget == Budget.PHONE_AT_ADDRESS) ? bound.bind("phone", phone) : bound;
	}

	private static Optional<OffsetDateTime> later(Optional<OffsetDateTime> one, Optional<OffsetDateTime> other) {
		if (one.isEmpty() || other.isEmpty()) {
			return one.or(() -> other);
		}
		return Optional.of(one.get().isAfter(other.get()) ? one.get() : other.get());
	}

	private TooManyRequestsException locked(OffsetDateTime lockedUntil) {
		Duration left = Duration.between(clock.instant(), lockedUntil.toInstant());
		long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
		return new TooManyRequestsException("登录失败次数过多，请 " + minutes + " 分钟后再试",
				left.isNegative() ? Duration.ofSeconds(1) : left);
	}

	/** The two tables of attempts and what identifies a row in each. */
	private enum Budget {

		PHONE_AT_ADDRESS("login_attempts", "phone, client_address", ":phone, :address",
				"phone = :phone and client_address = :address"),
		ADDRESS("login_address_attempts", "client_address", ":address", "client_address = :address");

		private final String table;

		private final String keyColumns;

		private final String keyValues;

		private final String key;

		Budget(String table, String keyColumns, String keyValues, String key) {
			this.table = table;
			this.keyColumns = keyColumns;
			this.keyValues = keyValues;
			this.key = key;
		}

	}

}
