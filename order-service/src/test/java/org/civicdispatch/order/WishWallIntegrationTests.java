package org.civicdispatch.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.events.OrderAccepted;
import org.civicdispatch.events.OrderEvaluated;
import org.civicdispatch.events.Topics;
import org.civicdispatch.order.OrderWorld.Team;
import org.civicdispatch.order.OrderWorld.Tree;
import org.civicdispatch.order.OrderWorld.User;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.WithRealInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civicdispatch.order.OrderWorld.resident;
import static org.civicdispatch.order.OrderWorld.staff;

/**
 * 心愿墙 through order-service's HTTP API: a resident's wish, read by anyone with the phone
 * masked, claimed by a team leader as an accepted order of category WISH that runs to its
 * evaluation; two leaders claiming at once; who may claim and close; and bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.sweep.interval=300ms")
@WithRealInfra
class WishWallIntegrationTests {

	static EventProbe orderEvents;

	static EventProbe volunteerEvents;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	OrderWorld world;

	Tree tree;

	@BeforeAll
	static void probes() {
		orderEvents = EventProbe.on(Topics.ORDER_EVENTS);
		volunteerEvents = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbes() {
		orderEvents.close();
		volunteerEvents.close();
	}

	@BeforeEach
	void world() {
		world = new OrderWorld(WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.build(), db, volunteerEvents);
		tree = world.tree();
	}

	private Map<String, Object> wishBody(UUID station) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", "想请人帮忙修一下收音机");
		body.put("description", "老伴留下的收音机坏了，想再听听戏");
		body.put("stationId", station);
		body.put("contactPhone", "13912345678");
		return body;
	}

	private UUID post(User author) {
		JsonNode wish = world.call(author, "POST", "/api/wishes", wishBody(tree.station()), 201);
		assertThat(wish.get("status").asString()).isEqualTo("OPEN");
		return UUID.fromString(wish.get("id").asString());
	}

	private JsonNode claim(User leader, UUID wish, Team team, List<UUID> volunteers, int status) {
		return world.call(leader, "POST", "/api/wishes/" + wish + "/claim",
				Map.of("teamId", team.id(), "volunteerIds", volunteers), status);
	}

	@Test
	void aClaimedWishIsAnAcceptedOrderOfItsAuthorThatRunsToItsEvaluation() {
		User author = resident();
		User staff = staff(tree.station());
		// a team of the institute above, serving other categories: a wish is off the menu
		Team team = world.team(tree.institute(), 2, "CULTURE");

		UUID wishId = post(author);
		// anyone reads the wall, without a token, with the phone masked
		JsonNode wall = world.call(null, "GET", "/api/wishes?stationId=" + tree.station(), null, 200);
		assertThat(wall.get("totalItems").asLong()).isEqualTo(1);
		JsonNode listed = wall.get("items").get(0);
		assertThat(listed.get("title").asString()).isEqualTo("想请人帮忙修一下收音机");
		assertThat(listed.get("contactPhone").asString()).isEqualTo("139****5678");
		assertThat(listed.get("stationName").asString()).isEqualTo("北关社区实践站");
		assertThat(world.call(null, "GET", "/api/wishes/" + wishId, null, 200).get("contactPhone").asString())
			.isEqualTo("139****5678");
		assertThat(world.call(author, "GET", "/api/wishes/" + wishId, null, 200).get("contactPhone").asString())
			.isEqualTo("13912345678");

		JsonNode claimed = claim(team.leader(), wishId, team, List.of(team.member(0).id()), 200);
		assertThat(claimed.get("status").asString()).isEqualTo("CLAIMED");
		assertThat(claimed.get("teamId").asString()).isEqualTo(team.id().toString());
		assertThat(claimed.get("teamName").asString()).startsWith("志愿服务队-");
		UUID orderId = UUID.fromString(claimed.get("orderId").asString());

		// the author reads it among their own orders, accepted by the team, with its
		// history
		JsonNode order = world.get(author, orderId);
		assertThat(order.get("category").asString()).isEqualTo("WISH");
		assertThat(order.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(order.get("residentId").asString()).isEqualTo(author.id().toString());
		assertThat(order.get("teamId").asString()).isEqualTo(team.id().toString());
		assertThat(order.get("title").asString()).isEqualTo("想请人帮忙修一下收音机");
		assertThat(order.get("contactPhone").asString()).isEqualTo("13912345678");
		assertThat(order.get("dueAt").isNull()).isFalse();
		assertThat(order.get("history").findValuesAsString("action")).containsExactly("PLACED", "ACCEPTED");
		assertThat(order.get("history").get(1).get("note").asString()).isEqualTo("认领微心愿");
		assertThat(world.call(author, "GET", "/api/orders?mine=true", null, 200).get("items").findValuesAsString("id"))
			.contains(orderId.toString());
		// the team's member sees the phone to call on the author; the team holds one slot
		// for it
		assertThat(world.get(team.member(0), orderId).get("contactPhone").asString()).isEqualTo("13912345678");
		assertThat(world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + team.id() + "'"))
			.isEqualTo(1);
		await().atMost(OrderWorld.WAIT)
			.until(() -> orderEvents.countOf(OrderAccepted.class, e -> e.data().orderId().equals(orderId)) == 1);

		// once taken, it cannot be taken again nor closed
		Team other = world.team(tree.station(), 2, "ELDERLY");
		JsonNode again = claim(other.leader(), wishId, other, List.of(other.member(0).id()), 409);
		assertThat(again.get("detail").asString()).contains("已被认领");
		world.call(author, "POST", "/api/wishes/" + wishId + "/close", Map.of("reason", "不需要了"), 409);

		// and it runs like any order, to the points
		world.post(team.member(0), orderId, "start", null, 200);
		world.post(team.leader(), orderId, "complete", Map.of("summary", "收音机修好了", "hours",
				List.of(Map.of("volunteerId", team.member(0).id(), "hours", new BigDecimal("1.5")))), 200);
		assertThat(world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + team.id() + "'"))
			.isEqualTo(0);
		world.post(author, orderId, "evaluations", Map.of("rating", 5, "comment", "又能听戏了"), 200);
		JsonNode evaluated = world.post(staff, orderId, "evaluations", Map.of("rating", 4), 200);
		assertThat(evaluated.get("status").asString()).isEqualTo("EVALUATED");
		await().atMost(OrderWorld.WAIT)
			.until(() -> orderEvents.countOf(OrderEvaluated.class, e -> e.data().orderId().equals(orderId)
					&& e.data().category().equals("WISH") && e.data().volunteers().size() == 1) == 1);
		assertThat(world.call(null, "GET", "/api/wishes?stationId=" + tree.station() + "&status=CLAIMED", null, 200)
			.get("items")
			.findValuesAsString("id")).containsExactly(wishId.toString());
	}

	@Test
	void ofTwoLeadersClaimingAtOnceExactlyOneWins() {
		List<Team> teams = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			teams.add(world.team(i % 2 == 0 ? tree.station() : tree.centre(), 3, "ELDERLY"));
		}
		WebClient client = WebClient.create("http://localhost:" + port);
		for (int round = 0; round < 5; round++) {
			UUID wishId = post(resident());
			List<Integer> statuses = Flux.fromIterable(teams)
				.flatMap(team -> client.post()
					.uri("/api/wishes/" + wishId + "/claim")
					.headers(h -> h.setBearerAuth(team.leader().token()))
					.bodyValue(Map.of("teamId", team.id(), "volunteerIds", List.of(team.member(1).id())))
					.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())))
				.collectList()
				.block(Duration.ofSeconds(30));
			assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
			assertThat(statuses).filteredOn(s -> s == 409).hasSize(teams.size() - 1);
			assertThat(world
				.count("SELECT count(*) AS n FROM service_order o JOIN wish w ON w.order_id = o.id WHERE w.id = '"
						+ wishId + "'"))
				.isEqualTo(1);
		}
		// five wishes, five orders, five slots taken: no claim that lost left anything
		// behind
		assertThat(world.count("SELECT coalesce(sum(open_orders), 0)::bigint AS n FROM team WHERE id IN ("
				+ teams.stream().map(t -> "'" + t.id() + "'").reduce((a, b) -> a + "," + b).orElseThrow() + ")"))
			.isEqualTo(5);
	}

	@Test
	void onlyTheLeaderOfAnActiveTeamOfTheStationOrAboveWithRoomMayClaim() {
		UUID wishId = post(resident());
		Team elsewhere = world.team(tree.otherStation(), 2, "ELDERLY");
		Team full = world.team(tree.station(), 1, "ELDERLY");
		Team team = world.team(tree.station(), 2, "ELDERLY");

		assertThat(claim(elsewhere.leader(), wishId, elsewhere, List.of(elsewhere.member(0).id()), 403).get("detail")
			.asString()).contains("本站及上级");
		// a member is not the leader; a leader names their own team
		claim(team.member(0), wishId, team, List.of(team.member(0).id()), 403);
		claim(elsewhere.leader(), wishId, team, List.of(team.member(0).id()), 403);
		// the team must exist, and the volunteers be its members
		world.call(team.leader(), "POST", "/api/wishes/" + wishId + "/claim",
				Map.of("teamId", UUID.randomUUID(), "volunteerIds", List.of(team.member(0).id())), 400);
		JsonNode stranger = claim(team.leader(), wishId, team, List.of(elsewhere.member(0).id()), 400);
		assertThat(stranger.get("errors").get(0).get("field").asString()).isEqualTo("volunteerIds");
		claim(team.leader(), wishId, team, List.of(), 400);
		world.call(team.leader(), "POST", "/api/wishes/" + wishId + "/claim",
				Map.of("volunteerIds", List.of(team.member(0).id())), 400);
		world.call(team.leader(), "POST", "/api/wishes/" + UUID.randomUUID() + "/claim",
				Map.of("teamId", team.id(), "volunteerIds", List.of(team.member(0).id())), 404);
		// nothing was half-written by the refused claims
		assertThat(world.count("SELECT open_orders::bigint AS n FROM team WHERE id = '" + team.id() + "'")).isZero();
		assertThat(world.count("SELECT count(*) AS n FROM service_order WHERE station_id = '" + tree.station()
				+ "' AND category = 'WISH'"))
			.isZero();

		// a team at capacity keeps its rule: fill it with a claimed wish, then it cannot
		// take another
		claim(full.leader(), post(resident()), full, List.of(full.member(0).id()), 200);
		assertThat(claim(full.leader(), wishId, full, List.of(full.member(0).id()), 409).get("detail").asString())
			.contains("满员");
		// an inactive team does not claim
		world.update(team, 2, false);
		claim(team.leader(), wishId, team, List.of(team.member(0).id()), 409);
		world.update(team, 2, true);
		assertThat(
				claim(team.leader(), wishId, team, List.of(team.member(0).id(), team.leader().id()), 200).get("status")
					.asString())
			.isEqualTo("CLAIMED");
	}

	@Test
	void theAuthorOrStaffOverTheStationCloseAWishNobodyWillTake() {
		User author = resident();
		UUID wishId = post(author);
		world.call(resident(), "POST", "/api/wishes/" + wishId + "/close", Map.of("reason", "没人接"), 403);
		world.call(staff(tree.otherStation()), "POST", "/api/wishes/" + wishId + "/close", Map.of("reason", "没人接"),
				403);
		world.call(author, "POST", "/api/wishes/" + wishId + "/close", Map.of("reason", " "), 400);
		JsonNode closed = world.call(staff(tree.institute()), "POST", "/api/wishes/" + wishId + "/close",
				Map.of("reason", "已由社区直接解决"), 200);
		assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
		assertThat(closed.get("closeReason").asString()).isEqualTo("已由社区直接解决");
		// closed is closed: neither claimed nor closed again
		Team team = world.team(tree.station(), 2, "ELDERLY");
		assertThat(claim(team.leader(), wishId, team, List.of(team.member(0).id()), 409).get("detail").asString())
			.contains("已关闭");
		world.call(author, "POST", "/api/wishes/" + wishId + "/close", Map.of("reason", "不需要了"), 409);

		UUID own = post(author);
		assertThat(world.call(author, "POST", "/api/wishes/" + own + "/close", Map.of("reason", "不需要了"), 200)
			.get("status")
			.asString()).isEqualTo("CLOSED");
		JsonNode mine = world.call(author, "GET", "/api/wishes?mine=true&status=CLOSED", null, 200);
		assertThat(mine.get("items").findValuesAsString("id")).containsExactlyInAnyOrder(wishId.toString(),
				own.toString());
		world.call(null, "GET", "/api/wishes?mine=true", null, 401);
	}

	@Test
	void badInputIsRefusedWithTheFieldNamed() {
		User author = resident();
		Map<String, Object> body = wishBody(tree.station());
		body.put("contactPhone", "1391234567");
		assertField(world.call(author, "POST", "/api/wishes", body, 400), "contactPhone");
		body = wishBody(tree.station());
		body.put("title", " ");
		assertField(world.call(author, "POST", "/api/wishes", body, 400), "title");
		body.put("title", "第一行\n第二行");
		assertField(world.call(author, "POST", "/api/wishes", body, 400), "title");
		body.put("title", "心".repeat(101));
		assertField(world.call(author, "POST", "/api/wishes", body, 400), "title");
		assertField(world.call(author, "POST", "/api/wishes", wishBody(UUID.randomUUID()), 400), "stationId");
		assertField(world.call(author, "POST", "/api/wishes", wishBody(tree.institute()), 400), "stationId");
		world.call(null, "POST", "/api/wishes", wishBody(tree.station()), 401);
		world.call(null, "GET", "/api/wishes?status=DONE", null, 400);
		world.call(null, "GET", "/api/wishes?size=0", null, 400);
		world.call(null, "GET", "/api/wishes/" + UUID.randomUUID(), null, 404);
		// 微心愿 is not on the menu: it comes from the wall
		assertField(world.call(author, "POST", "/api/orders", world.orderBody("WISH", tree.station()), 400),
				"category");
		JsonNode catalog = world.call(null, "GET", "/api/catalog", null, 200);
		JsonNode wish = null;
		for (JsonNode c : catalog) {
			if (c.get("code").asString().equals("WISH")) {
				wish = c;
			}
		}
		assertThat(wish).isNotNull();
		assertThat(wish.get("name").asString()).isEqualTo("微心愿");
		assertThat(wish.get("orderable").asBoolean()).isFalse();

		// five open wishes at a station at most per person; a sixth waits until one is
		// taken or closed
		for (int i = 0; i < 5; i++) {
			post(author);
		}
		assertThat(world.call(author, "POST", "/api/wishes", wishBody(tree.station()), 409).get("detail").asString())
			.contains("5 个待认领的心愿");
		world.call(author, "POST", "/api/wishes", wishBody(tree.otherStation()), 201);
	}

	private static void assertField(JsonNode problem, String field) {
		assertThat(problem.get("errors").findValuesAsString("field")).contains(field);
	}

}
