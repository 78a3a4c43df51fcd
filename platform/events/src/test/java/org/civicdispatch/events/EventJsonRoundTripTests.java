package org.civicdispatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventJsonRoundTripTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final UUID A = UUID.randomUUID();

	private static final UUID B = UUID.randomUUID();

	private static final UUID C = UUID.randomUUID();

	private static final Instant WHEN = Instant.parse("2026-11-24T01:30:00Z");

	private static final TeamSnapshot TEAM = new TeamSnapshot(A, "平城区助老志愿服务分队", "DETACHMENT", B, C,
			List.of("ELDERLY", "HEALTH"), 3, B, List.of(B, C), true, 4);

	static Stream<IntegrationEvent> everyEventType() {
		return Stream.of(new OrderPlaced(A, B, "ELDERLY", C, "帮老人买菜", WHEN),
				new OrderDispatched(A, B, C, "ELDERLY", WHEN, null), new OrderRejected(A, B, "人手不足", false),
				new OrderUnassigned(A, C, "LAW"), new OrderAccepted(A, B, List.of(C), WHEN), new OrderStarted(A, B, C),
				new OrderCompleted(A, B, "已送达", List.of(new VolunteerHours(C, new BigDecimal("2.5")))),
				new OrderEvaluated(A, B, "ELDERLY", C, new BigDecimal("4.40"),
						List.of(new ApprovedHours(C, new BigDecimal("2.5")))),
				new OrderCancelled(A, null, B, "不需要了"), new OrderOverdue(A, B, C, WHEN),
				new OrderUrged(A, B, C, A, "请尽快上门", WHEN), new OrderAppealed(A, B, C, A, "评分与实际服务不符", WHEN),
				new AppealDecided(A, B, "ELDERLY", C, true, new BigDecimal("4.80"),
						List.of(new ApprovedHours(C, new BigDecimal("3"))), B, "经核实，改判", WHEN),
				new UserRegistered(A, "张三", "13812340000"), new OrgUnitCreated(A, "新荣区实践所", "INSTITUTE", B, List.of(B)),
				new VolunteerRegistered(A, "PC-0001", "李四", B, List.of("驾驶", "急救")), new TeamRegistered(TEAM),
				new TeamUpdated(TEAM), new TeamMembershipChanged(TEAM, C, "ADDED"), new StaffScopeGranted(A, B, C),
				new ActivityPublished(A, B, "CULTURE", "社区文艺汇演", WHEN, WHEN.plusSeconds(7200), 30),
				new ActivityCompleted(A, B, "CULTURE", "社区文艺汇演",
						List.of(new ActivityCompleted.Attendee(C, new BigDecimal("2.5")))),
				new PointsAwarded(A, null, 20, C, B), new PointsAdjusted(A, -5, "重复登记", B, C),
				new RedemptionReserved(A, B, C, A, 2, 120, WHEN), new RedemptionFulfilled(A, B, C, A, B),
				new RedemptionCancelled(A, B, C, 120, true, null));
	}

	@ParameterizedTest
	@MethodSource("everyEventType")
	void everyEventSurvivesAJsonRoundTripWithItsCloudEventsAttributes(IntegrationEvent data) {
		EventEnvelope<IntegrationEvent> sent = EventEnvelope.of("/test-service", data);

		String wire = json.writeValueAsString(sent);
		JsonNode tree = json.readTree(wire);
		Class<? extends IntegrationEvent> dataClass = EventTypes.classOf(tree.get("type").asString()).orElseThrow();
		IntegrationEvent readData = json.treeToValue(tree.get("data"), dataClass);

		assertThat(tree.get("specversion").asString()).isEqualTo("1.0");
		assertThat(tree.get("id").asString()).isEqualTo(sent.id());
		assertThat(tree.get("source").asString()).isEqualTo("/test-service");
		assertThat(tree.get("subject").asString()).isEqualTo(data.aggregateId().toString());
		assertThat(Instant.parse(tree.get("time").asString())).isEqualTo(sent.time());
		assertThat(readData).isInstanceOf(data.getClass())
			.usingRecursiveComparison()
			.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
			.isEqualTo(data);
	}

	@ParameterizedTest
	@MethodSource("everyEventType")
	void everyEventHasATopicAndAType(IntegrationEvent data) {
		assertThat(Topics.of(data)).endsWith(".events.v1");
		assertThat(EventTypes.classOf(EventTypes.typeOf(data))).contains(data.getClass());
	}

	@org.junit.jupiter.api.Test
	void everyEventTypeIsCoveredByTheRoundTrip() {
		assertThat(everyEventType().map(EventTypes::typeOf))
			.containsExactlyInAnyOrderElementsOf(EventTypes.all().keySet());
	}

}
