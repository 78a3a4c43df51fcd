package org.civicdispatch.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RememberingJwtDecoderTests {

	private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger checks = new AtomicInteger();

	/**
	 * Accepts "good-*" tokens that expire 10 minutes after START and rejects the rest, as
	 * a signature check would.
	 */
	private final ReactiveJwtDecoder checking = (token) -> {
		this.checks.incrementAndGet();
		if (!token.startsWith("good") || !this.clock.instant().isBefore(START.plus(Duration.ofMinutes(10)))) {
			return Mono.error(new BadJwtException("rejected"));
		}
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("someone")
			.issuedAt(START)
			.expiresAt(START.plus(Duration.ofMinutes(10)))
			.build());
	};

	private final RememberingJwtDecoder decoder = new RememberingJwtDecoder(this.checking, this.clock);

	@Test
	void aTokenIsCheckedOnceWhileItIsRemembered() {
		assertThat(this.decoder.decode("good-1").block().getSubject()).isEqualTo("someone");
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.decoder.decode("good-1").block().getTokenValue()).isEqualTo("good-1");
		assertThat(this.checks).hasValue(1);

		this.clock.advance(Duration.ofMinutes(2));
		this.decoder.decode("good-1").block();
		assertThat(this.checks).as("checked again after five minutes").hasValue(2);
	}

	@Test
	void anExpiredTokenIsNeverAnsweredFromMemory() {
		this.clock.advance(Duration.ofMinutes(7));
		this.decoder.decode("good-2").block();
		this.clock.advance(Duration.ofMinutes(3));
		assertThatThrownBy(() -> this.decoder.decode("good-2").block()).isInstanceOf(BadJwtException.class);
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void aTokenAcceptedJustBeforeItExpiresIsRememberedOnlyUntilItsExpiry() {
		this.clock.advance(Duration.ofMinutes(9).plusSeconds(59));
		this.decoder.decode("good-3").block();
		this.clock.advance(Duration.ofMillis(999));
		this.decoder.decode("good-3").block();
		assertThat(this.checks).as("still valid: answered from memory").hasValue(1);
		this.clock.advance(Duration.ofMillis(1));
		assertThatThrownBy(() -> this.decoder.decode("good-3").block()).isInstanceOf(BadJwtException.class);
		assertThat(this.checks).as("expired: checked again, and rejected").hasValue(2);
	}

	@Test
	void atMostMaxTokensAreRememberedAndTheOthersAreCheckedAgain() {
		RememberingJwtDecoder small = new RememberingJwtDecoder(this.checking, this.clock, 100);
		for (int i = 0; i < 1_000; i++) {
			small.decode("good-" + i).block();
		}
		assertThat(small.remembered()).isEqualTo(100);
		assertThat(this.checks).hasValue(1_000);
		for (int i = 0; i < 1_000; i++) {
			small.decode("good-" + i).block();
		}
		assertThat(this.checks.get()).as("the forgotten ones checked again").isGreaterThanOrEqualTo(1_900);
		assertThat(small.remembered()).isEqualTo(100);
	}

	@Test
	void theDefaultBoundIsTenThousandTokens() {
		for (int i = 0; i < RememberingJwtDecoder.MAX_TOKENS + 500; i++) {
			this.decoder.decode("good-" + i).block();
		}
		assertThat(this.decoder.remembered()).isEqualTo(RememberingJwtDecoder.MAX_TOKENS);
		this.clock.advance(RememberingJwtDecoder.TIME_TO_KEEP.plusSeconds(2));
		assertThat(this.decoder.remembered()).as("all kept past their time are gone").isZero();
	}

	@Test
	void rejectedTokensAreNotRemembered() {
		assertThatThrownBy(() -> this.decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
		assertThat(this.checks).hasValue(2);
	}

	private static final class MutableClock extends Clock {

		private Instant now = START;

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
