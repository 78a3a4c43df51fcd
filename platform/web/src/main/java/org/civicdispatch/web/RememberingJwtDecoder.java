package org.civicdispatch.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers the tokens another decoder accepted, until {@link #TIME_TO_KEEP} has passed or the
 * token expires, whichever comes first. A signed-in user sends the same token with every request,
 * so the signature check and the claim conversion run once per token rather than once per
 * request. Rejected tokens are never remembered. Bounded: past {@link #MAX_TOKENS} it starts over.
 */
final class RememberingJwtDecoder implements ReactiveJwtDecoder {

	static final Duration TIME_TO_KEEP = Duration.ofMinutes(5);

	static final int MAX_TOKENS = 10_000;

	private final ReactiveJwtDecoder decoder;

	private final Clock clock;

	private final Map<String, Remembered> tokens = new ConcurrentHashMap<>();

	RememberingJwtDecoder(ReactiveJwtDecoder decoder, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Remembered remembered = this.tokens.get(token);
		if (remembered != null) {
			if (this.clock.instant().isBefore(remembered.until())) {
				return Mono.just(remembered.jwt());
			}
			this.tokens.remove(token, remembered);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> remember(token, jwt));
	}

	private void remember(String token, Jwt jwt) {
		Instant until = this.clock.instant().plus(TIME_TO_KEEP);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		if (this.tokens.size() >= MAX_TOKENS) {
			this.tokens.clear();
		}
		this.tokens.put(token, new Remembered(jwt, until));
	}

	private record Remembered(Jwt jwt, Instant until) {
	}

}
