package org.civicdispatch.localstack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data set, small (1 institute, 2 stations, 4 teams, 50 orders), made through
 * the gateway of the shared {@link Platform}: what it made is there to read through the
 * API, its orders are in every status the lifecycle can keep, some overdue, spread over
 * the past 90 days, and a second run adds nothing.
 */
class DemoDataEndToEndTests {

	private static final GatewayClient gateway = Platform.gateway();

	@Test
	void makesASmallDistrictOnceWithOrdersInEveryStatusSpreadOverNinetyDays() {
		DemoData.Summary summary = new DemoData(Platform.stack().gatewayUrl(), DemoData.Size.small(), System.out).run();
		assertThat(summary).as("the run finished").isNotNull();
		assertThat(summary.skipped()).isFalse();
		assertThat(summary.orgUnits()).isEqualTo(4);
		assertThat(summary.teams()).isEqualTo(4);
		assertThat(summary.volunteers()).isEqualTo(16);

		// the tree, as anyone reads it
		JsonNode units = gateway.get("/api/org-units", null).expect(200).json();
		List<JsonNode> demo = new ArrayList<>();
		units.forEach(u -> {
			if (u.get("name").asString().equals(DemoData.CENTRE)) {
				demo.add(u);
			}
		});
		assertThat(demo).singleElement();
		String centreId = demo.get(0).get("id").asString();
		List<String> stations = new ArrayList<>();
		units.forEach(institute -> {
			if (centreId.equals(institute.path("parentId").asString(""))) {
				assertThat(institute.get("name").asString()).endsWith("街道新时代文明实践所");
				units.forEach(station -> {
					if (institute.get("id").asString().equals(station.path("parentId").asString(""))) {
						stations.add(station.get("id").asString());
					}
				});
			}
		});
		assertThat(stations).hasSize(2);

		// the orders, as the centre's staff sees them
		String staff = gateway.login(DemoData.staffPhone(1), DemoData.PASSWORD);
		List<JsonNode> orders = new ArrayList<>();
		for (int page = 0;; page++) {
			JsonNode answer = gateway.get("/api/orders?size=100&page=" + page, staff).expect(200).json();
			answer.get("items").forEach(orders::add);
			if (orders.size() >= answer.get("totalItems").asInt()) {
				break;
			}
		}
		assertThat(orders).hasSize(50);
		assertThat(orders).allSatisfy(o -> assertThat(stations).contains(o.get("stationId").asString()));
		Map<String, Integer> byStatus = new HashMap<>();
		orders.forEach(o -> byStatus.merge(o.get("status").asString(), 1, Integer::sum));
		assertThat(byStatus).as("orders by status")
			.containsKeys("EVALUATED", "COMPLETED", "CANCELLED", "ACCEPTED", "IN_SERVICE", "DISPATCHED", "UNASSIGNED");
		assertThat(byStatus).isEqualTo(summary.ordersByStatus());

		Instant now = Instant.now();
		// 督办: accepted or in service with the due time passed
		assertThat(orders.stream()
			.filter(o -> List.of("ACCEPTED", "IN_SERVICE").contains(o.get("status").asString()))
			.filter(o -> Instant.parse(o.get("dueAt").asString()).isBefore(now))).as("overdue orders").isNotEmpty();
		// placed over the past 90 days: some in each month, none before
		List<Instant> created = orders.stream().map(o -> Instant.parse(o.get("createdAt").asString())).toList();
		assertThat(created).allSatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofDays(91))));
		assertThat(created).anySatisfy(t -> assertThat(t).isBefore(now.minus(Duration.ofDays(60))));
		assertThat(created)
			.anySatisfy(t -> assertThat(t).isBetween(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30))));
		assertThat(created).anySatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofDays(7))));
		// an evaluated order's history moved with it: placed with its first step, each
		// next step 5 minutes to
		// about 2 hours later, the last one in the past
		JsonNode evaluated = orders.stream()
			.filter(o -> o.get("status").asString().equals("EVALUATED"))
			.findFirst()
			.orElseThrow();
		List<Instant> steps = evaluated.get("history")
			.valueStream()
			.map(h -> Instant.parse(h.get("at").asString()))
			.toList();
		assertThat(Instant.parse(evaluated.get("createdAt").asString())).isEqualTo(steps.getFirst());
		for (int i = 1; i < steps.size(); i++) {
			assertThat(Duration.between(steps.get(i - 1), steps.get(i)))
				.as("step %d of %s", i, evaluated.get("history"))
				.isBetween(Duration.ofMinutes(5), Duration.ofMinutes(125));
		}
		assertThat(steps.getLast()).isBefore(now);
		assertThat(evaluated.get("title").asString()).matches("\\p{IsHan}.*");

		// the points store: items at each station, and redemptions
		assertThat(gateway.get("/api/store/items?stationId=" + stations.get(0), null).expect(200).json().size())
			.isEqualTo(3);
		assertThat(summary.redemptionsByStatus().values().stream().mapToInt(Integer::intValue).sum()).isPositive();

		// a second run finds the demo centre and adds nothing
		ByteArrayOutputStream second = new ByteArrayOutputStream();
		DemoData.Summary again = new DemoData(Platform.stack().gatewayUrl(), DemoData.Size.small(),
				new PrintStream(second, true, StandardCharsets.UTF_8))
			.run();
		assertThat(again.skipped()).isTrue();
		assertThat(second.toString(StandardCharsets.UTF_8)).contains("演示数据已存在");
		assertThat(gateway.get("/api/orders?size=1", staff).expect(200).json().get("totalItems").asInt()).isEqualTo(50);
		assertThat(gateway.get("/api/org-units", null).expect(200).json().size()).isEqualTo(units.size());
	}

}
