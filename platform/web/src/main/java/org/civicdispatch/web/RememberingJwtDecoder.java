package org.civicdispatch.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers the tokens another decoder accepted, until {@link #TIME_TO_KEEP} has passed
 * or the token expires, whichever comes first. A signed-in user sends the same token with
 * every request, so the signature check and the claim conversion run once per token
 * rather than once per request. Rejected tokens are never remembered. Bounded: past
 * {@link #MAX_TOKENS} the tokens least likely to be sent again are forgotten one by one
 * (a Caffeine cache), so a spike of new sign-ins does not make every other user's token
 * be checked again.
 */
final class RememberingJwtDecoder implements ReactiveJwtDecoder {

	static final Duration TIME_TO_KEEP = Duration.ofMinutes(5);

	static final int MAX_TOKENS = 10_000;

	private final ReactiveJwtDecoder decoder;

	private final Cache<String, Jwt> tokens;

	RememberingJwtDecoder(ReactiveJwtDecoder decoder, Clock clock) {
		this(decoder, clock, MAX_TOKENS);
	}

	RememberingJwtDecoder(ReactiveJwtDecoder decoder, Clock clock, int maxTokens) {
		this.decoder = decoder;
		this.tokens = Caffeine.newBuilder()
			.maximumSize(maxTokens)
			.expireAfter(new UntilExpiry(clock))
			.ticker(() -> nanos(clock.instant()))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt remembered = this.tokens.getIfPresent(token);
		if (remembered != null) {
			return Mono.just(remembered);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> this.tokens.put(token, jwt));
	}

	/** How many tokens are remembered, once pending evictions have run. */
	long remembered() {
		this.tokens.cleanUp();
		return this.tokens.estimatedSize();
	}

	private static long nanos(Instant instant) {
		return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
	}

	/**
	 * Each token is kept {@link #TIME_TO_KEEP} from when it was accepted, never past its
	 * own {@code exp}.
	 */
	private record UntilExpiry(Clock clock) implements Expiry<String, Jwt> {

		@Override
		public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
			Instant now = this.clock.instant();
			Instant until = now.plus(TIME_TO_KEEP);
			if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
				until = jwt.getExpiresAt();
			}
			return Math.max(0, Duration.between(now, until).toNanos());
		}

		@Override
		public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
			return expireAfterCreate(token, jwt, currentTime);
		}

		@Override
		public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
