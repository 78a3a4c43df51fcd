package org.civicdispatch.points.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.civicdispatch.web.BadRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaderboardPeriodTests {

	private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	// 1 March 01:30 in Shanghai is still 28 February in UTC
	private final Leaderboard leaderboard = new Leaderboard(null,
			Clock.fixed(Instant.parse("2026-02-28T17:30:00Z"), ZoneOffset.UTC), SHANGHAI);

	@Test
	void monthAndYearStartAtMidnightInTheDeploymentsZone() {
		assertThat(leaderboard.periodStart("month"))
			.isAtSameInstantAs(OffsetDateTime.parse("2026-03-01T00:00:00+08:00"));
		assertThat(leaderboard.periodStart("year"))
			.isAtSameInstantAs(OffsetDateTime.parse("2026-01-01T00:00:00+08:00"));
		assertThat(leaderboard.periodStart("all")).isBefore(OffsetDateTime.parse("2000-01-01T00:00:00Z"));
	}

	@Test
	void unknownPeriodIsABadRequest() {
		assertThatThrownBy(() -> leaderboard.periodStart("week")).isInstanceOf(BadRequestException.class);
	}

}
