package org.civicdispatch.localstack;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 活动报名 through the gateway of the whole {@link Platform}: staff publish, volunteers sign
 * up and check in with the code shown at the venue, staff complete the activity, and each
 * attendee sees the service record and the points, once, also when points-service was
 * down during the completion. The sign-up race, the waitlist and the check-in code's
 * expiry and replay too. The platform's check-in codes live {@value #CODE_TTL_SECONDS}
 * seconds ({@code Platform}).
 */
class ActivitiesEndToEndTests {

	static final int CODE_TTL_SECONDS = 15;

	private static final Duration EVENTUALLY = Duration.ofSeconds(60);

	private static final GatewayClient gateway = Platform.gateway();

	@Test
	void publishSignUpCheckInAndCompleteWhilePointsServiceIsDownPaysEachAttendeeOnce() throws Exception {
		District district = District.setUp(gateway, "1387000", "浑源");
		Instant startsAt = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.SECONDS);
		String title = "恒山脚下文艺汇演";
		Map<String, Object> body = activity(district, title, startsAt, 10);
		JsonNode published = gateway.post("/api/activities", district.staffToken, body).expect(201).json();
		String id = published.get("id").asString();
		assertThat(published.get("status").asString()).isEqualTo("PUBLISHED");
		// anyone lists it by the centre, without signing in
		JsonNode listed = gateway.get("/api/activities?orgUnitId=" + district.centreId, null).expect(200).json();
		assertThat(listed.get("items").get(0).get("id").asString()).isEqualTo(id);

		assertThat(gateway.post("/api/activities/" + id + "/signups", district.memberToken, null)
			.expect(201)
			.json()
			.get("status")
			.asString()).isEqualTo("CONFIRMED");
		gateway.post("/api/activities/" + id + "/signups", district.leaderToken, null).expect(201);
		gateway.post("/api/activities/" + id + "/signups", district.memberToken, null).expect(409);
		gateway.post("/api/activities/" + id + "/signups", district.residentToken, null).expect(403);

		// the member scans the code at the venue; staff mark the leader, who has no phone
		// with them
		String code = gateway.get("/api/activities/" + id + "/check-in-code", district.staffToken)
			.expect(200)
			.json()
			.get("code")
			.asString();
		gateway.post("/api/activities/" + id + "/check-ins", district.memberToken, Map.of("code", code, "type", "IN"))
			.expect(201);
		gateway
			.post("/api/activities/" + id + "/attendance", district.staffToken,
					Map.of("userId", district.leaderId, "type", "IN"))
			.expect(201);
		JsonNode signups = gateway.get("/api/activities/" + id + "/signups", district.staffToken).expect(200).json();
		assertThat(signups.size()).isEqualTo(2);
		assertThat(signups.get(0).get("phone").asString()).matches("138\\*{4}\\d{4}");

		// completion waits for the start
		gateway.post("/api/activities/" + id + "/complete", district.staffToken, Map.of()).expect(409);
		while (Instant.now().isBefore(startsAt.plusSeconds(1))) {
			Thread.sleep(500);
		}

		Platform.stack().stopService("points-service");
		try {
			List<Map<String, Object>> hours = List.of(Map.of("userId", district.memberId, "hours", 2),
					Map.of("userId", district.leaderId, "hours", 1.5));
			JsonNode completed = gateway
				.post("/api/activities/" + id + "/complete", district.staffToken, Map.of("hours", hours))
				.expect(200)
				.json();
			assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
			gateway.post("/api/activities/" + id + "/complete", district.staffToken, Map.of()).expect(409);
			// the service record is there at once
			JsonNode records = gateway
				.get("/api/volunteers/" + district.memberId + "/service-records", district.memberToken)
				.expect(200)
				.json();
			JsonNode record = records.get("items").get(0);
			assertThat(record.get("activityId").asString()).isEqualTo(id);
			assertThat(record.get("content").asString()).isEqualTo(title);
			assertThat(record.get("hours").decimalValue()).isEqualByComparingTo("2");
		}
		finally {
			Platform.stack().startService("points-service");
		}

		JsonNode rules = gateway.get("/api/points/rules", district.adminToken).expect(200).json();
		int memberPoints = points(rules, "CULTURE", "2");
		int leaderPoints = points(rules, "CULTURE", "1.5");
		district.awaitBalance(district.memberToken, memberPoints);
		district.awaitBalance(district.leaderToken, leaderPoints);
		// redelivery after the restart must not pay twice: give it time, then count the
		// awards
		Thread.sleep(5_000);
		JsonNode entries = gateway.get("/api/points/accounts/me/entries", district.memberToken).expect(200).json();
		List<JsonNode> awards = StreamSupport.stream(entries.get("items").spliterator(), false)
			.filter(e -> e.get("type").asString().equals("AWARD"))
			.toList();
		assertThat(awards).hasSize(1);
		assertThat(awards.get(0).get("activityId").asString()).isEqualTo(id);
		assertThat(awards.get(0).get("amount").asInt()).isEqualTo(memberPoints);
		assertThat(awards.get(0).get("memo").asString()).startsWith("活动《" + title + "》 服务积分：2 小时");
		assertThat(
				gateway.get("/api/points/accounts/me", district.memberToken).expect(200).json().get("balance").asInt())
			.isEqualTo(memberPoints);

		JsonNode mine = gateway.get("/api/activities/signups/me", district.memberToken).expect(200).json();
		assertThat(mine.get("items").get(0).get("hours").decimalValue()).isEqualByComparingTo("2");
		assertThat(mine.get("items").get(0).get("activity").get("status").asString()).isEqualTo("COMPLETED");
		JsonNode check = gateway.get("/api/points/ledger/check", district.adminToken).expect(200).json();
		assertThat(check.get("balanced").asBoolean()).isTrue();
	}

	@Test
	void fiftyRaceForTheLastThreePlacesTheWaitlistMovesUpAndCodesExpireAndStayWithTheirActivity() throws Exception {
		District district = District.setUp(gateway, "1388000", "广灵");
		Instant startsAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		String id = gateway.post("/api/activities", district.staffToken, activity(district, "剪纸非遗课堂", startsAt, 5))
			.expect(201)
			.id();
		String other = gateway.post("/api/activities", district.staffToken, activity(district, "另一堂课", startsAt, 5))
			.expect(201)
			.id();
		gateway.post("/api/activities/" + id + "/signups", district.memberToken, null).expect(201);
		gateway.post("/api/activities/" + id + "/signups", district.leaderToken, null).expect(201);

		// registering hashes passwords: a few at a time, so that none waits past the
		// gateway's breaker
		ExecutorService registering = Executors.newFixedThreadPool(4);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		List<String> tokens = new ArrayList<>();
		List<JsonNode> answers = new ArrayList<>();
		try {
			// each from its own address, as 50 phones would come: logins in flight count
			// per address
			for (Future<String> token : registering
				.invokeAll(IntStream.range(0, 50).<Callable<String>>mapToObj(i -> () -> {
					Map<String, String> from = Map.of("X-Forwarded-For", "10.87." + (i / 200) + "." + (i % 200 + 1));
					String phone = district.phone(String.valueOf(1000 + i));
					gateway
						.post("/api/auth/register", null,
								Map.of("phone", phone, "password", District.PASSWORD, "name", "抢报" + i), from)
						.expect(201);
					String token = gateway
						.post("/api/auth/login", null, Map.of("phone", phone, "password", District.PASSWORD), from)
						.expect(200)
						.json()
						.get("accessToken")
						.asString();
					gateway
						.post("/api/volunteers", token,
								Map.of("realName", "抢报" + i, "skills", List.of(), "stationId", district.stationId))
						.expect(201);
					return token;
				}).toList())) {
				tokens.add(token.get());
			}
			for (Future<JsonNode> answer : pool.invokeAll(tokens.stream()
				.<Callable<JsonNode>>map(token -> () -> gateway.post("/api/activities/" + id + "/signups", token, null)
					.expect(201)
					.json())
				.toList())) {
				answers.add(answer.get());
			}
		}
		finally {
			registering.shutdownNow();
			pool.shutdownNow();
		}
		Map<String, Long> byStatus = answers.stream()
			.collect(Collectors.groupingBy(a -> a.get("status").asString(), Collectors.counting()));
		assertThat(byStatus).containsEntry("CONFIRMED", 3L).containsEntry("WAITLISTED", 47L);
		JsonNode activity = gateway.get("/api/activities/" + id, null).expect(200).json();
		assertThat(activity.get("confirmed").asInt()).isEqualTo(5);
		assertThat(activity.get("waitlisted").asInt()).isEqualTo(47);

		// the member cancels: the first on the waitlist moves up and sees it in their
		// list
		int first = IntStream.range(0, 50)
			.filter(i -> answers.get(i).path("position").asInt(0) == 1)
			.findFirst()
			.orElseThrow();
		gateway.delete("/api/activities/" + id + "/signups/me", district.memberToken).expect(204);
		JsonNode promoted = gateway.get("/api/activities/signups/me", tokens.get(first)).expect(200).json();
		assertThat(promoted.get("items").get(0).get("status").asString()).isEqualTo("CONFIRMED");
		int second = IntStream.range(0, 50)
			.filter(i -> answers.get(i).path("position").asInt(0) == 2)
			.findFirst()
			.orElseThrow();
		JsonNode movedUp = gateway.get("/api/activities/signups/me", tokens.get(second)).expect(200).json();
		assertThat(movedUp.get("items").get(0).get("position").asInt()).isEqualTo(1);

		// check-in codes: another activity's code is refused, a code works until it
		// expires
		String code = code(district, id);
		String otherCode = code(district, other);
		Answer replay = gateway.post("/api/activities/" + id + "/check-ins", district.leaderToken,
				Map.of("code", otherCode, "type", "IN"));
		assertThat(replay.status()).isEqualTo(422);
		assertThat(replay.contentType()).startsWith("application/problem+json");
		gateway.post("/api/activities/" + id + "/check-ins", district.leaderToken, Map.of("code", code, "type", "IN"))
			.expect(201);
		gateway.post("/api/activities/" + id + "/check-ins", district.leaderToken, Map.of("code", code, "type", "IN"))
			.expect(409);
		Thread.sleep((CODE_TTL_SECONDS + 1) * 1000L);
		Answer expired = gateway.post("/api/activities/" + id + "/check-ins", district.leaderToken,
				Map.of("code", code, "type", "OUT"));
		assertThat(expired.status()).isEqualTo(422);
		assertThat(expired.json().get("detail").asString()).contains("已过期");
		gateway
			.post("/api/activities/" + id + "/check-ins", district.leaderToken,
					Map.of("code", code(district, id), "type", "OUT"))
			.expect(201);
		// a waitlisted volunteer may not check in
		int waiting = IntStream.range(0, 50)
			.filter(i -> answers.get(i).path("position").asInt(0) == 3)
			.findFirst()
			.orElseThrow();
		gateway
			.post("/api/activities/" + id + "/check-ins", tokens.get(waiting),
					Map.of("code", code(district, id), "type", "IN"))
			.expect(403);
	}

	private static String code(District district, String activityId) {
		return gateway.get("/api/activities/" + activityId + "/check-in-code", district.staffToken)
			.expect(200)
			.json()
			.get("code")
			.asString();
	}

	private static Map<String, Object> activity(District district, String title, Instant startsAt, int capacity) {
		Map<String, Object> body = new HashMap<>();
		body.put("title", title);
		body.put("description", "欢迎社区居民参加");
		body.put("category", "CULTURE");
		body.put("orgUnitId", district.stationId);
		body.put("place", "社区文化广场");
		body.put("startsAt", startsAt.toString());
		body.put("endsAt", startsAt.plus(Duration.ofHours(3)).toString());
		body.put("capacity", capacity);
		return body;
	}

	/**
	 * floor(hours × base rate × the category's multiplier × 1.0), as the rule in force
	 * computes it.
	 */
	private static int points(JsonNode rules, String category, String hours) {
		BigDecimal multiplier = rules.path("multipliers").has(category)
				? rules.get("multipliers").get(category).decimalValue() : BigDecimal.ONE;
		return new BigDecimal(hours).multiply(rules.get("baseRate").decimalValue())
			.multiply(multiplier)
			.setScale(0, RoundingMode.FLOOR)
			.intValueExact();
	}

}
