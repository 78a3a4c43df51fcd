package org.civicdispatch.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.civicdispatch.events.EventEnvelope;
import org.civicdispatch.events.OrgUnitCreated;
import org.civicdispatch.events.TeamRegistered;
import org.civicdispatch.events.TeamSnapshot;
import org.civicdispatch.events.TeamUpdated;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.TestTokens;
import tools.jackson.databind.JsonNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test fixture for order-service integration tests: people with tokens, an org tree and
 * teams published on {@code volunteer.events.v1} the way volunteer-service does it, and
 * the HTTP calls of API.md. Every test builds its own tree, so tests sharing a database
 * do not see each other's teams.
 */
public final class OrderWorld {

	static final Duration WAIT = Duration.ofSeconds(20);

	private final WebTestClient http;

	private final DatabaseClient db;

	private final EventProbe volunteerEvents;

	public OrderWorld(WebTestClient http, DatabaseClient db, EventProbe volunteerEvents) {
		this.http = http;
		this.db = db;
		this.volunteerEvents = volunteerEvents;
	}

	public record User(UUID id, String token) {
	}

	public record Tree(UUID centre, UUID institute, UUID station, UUID otherStation) {
	}

	public static final class Team {

		final UUID id = UUID.randomUUID();

		final UUID orgUnit;

		final User leader;

		final List<User> members;

		final List<String> categories;

		final AtomicLong version = new AtomicLong(1);

		int capacity;

		boolean active = true;

		Team(UUID orgUnit, int capacity, List<String> categories) {
			this(orgUnit, capacity, categories, user("队长", "RESIDENT", "VOLUNTEER"),
					List.of(user("队员甲", "RESIDENT", "VOLUNTEER"), user("队员乙", "RESIDENT", "VOLUNTEER")));
		}

		Team(UUID orgUnit, int capacity, List<String> categories, User leader, List<User> members) {
			this.orgUnit = orgUnit;
			this.capacity = capacity;
			this.categories = categories;
			this.leader = leader;
			this.members = members;
		}

		public UUID id() {
			return id;
		}

		public User leader() {
			return leader;
		}

		public User member(int i) {
			return members.get(i);
		}

		TeamSnapshot snapshot() {
			List<UUID> memberIds = new ArrayList<>();
			memberIds.add(leader.id());
			members.forEach(m -> memberIds.add(m.id()));
			return new TeamSnapshot(id, "志愿服务队-" + id.toString().substring(0, 4), "DETACHMENT", null, orgUnit,
					categories, capacity, leader.id(), memberIds, active, version.get());
		}

	}

	// ---- people

	public static User user(String name, String... roles) {
		UUID id = UUID.randomUUID();
		return new User(id, TestTokens.forUser(id, name, Set.of(roles), Set.of()));
	}

	public static User resident() {
		return user("群众", "RESIDENT");
	}

	public static User staff(UUID scope) {
		UUID id = UUID.randomUUID();
		return new User(id, TestTokens.forUser(id, "站工作人员", Set.of("RESIDENT", "STAFF"), Set.of(scope)));
	}

	/**
	 * A volunteer who is also staff over {@code scope}: someone who may serve on an order
	 * and also review it.
	 */
	public static User staffVolunteer(UUID scope) {
		UUID id = UUID.randomUUID();
		return new User(id,
				TestTokens.forUser(id, "站工作人员兼志愿者", Set.of("RESIDENT", "VOLUNTEER", "STAFF"), Set.of(scope)));
	}

	public static User admin() {
		return user("管理员", "RESIDENT", "ADMIN");
	}

	// ---- org tree and teams, as volunteer-service publishes them

	public Tree tree() {
		UUID centre = UUID.randomUUID();
		UUID institute = UUID.randomUUID();
		UUID station = UUID.randomUUID();
		UUID otherInstitute = UUID.randomUUID();
		UUID otherStation = UUID.randomUUID();
		publishUnit(new OrgUnitCreated(centre, "平城区新时代文明实践中心", "CENTRE", null, List.of()));
		publishUnit(new OrgUnitCreated(institute, "北关街道实践所", "INSTITUTE", centre, List.of(centre)));
		publishUnit(new OrgUnitCreated(station, "北关社区实践站", "STATION", institute, List.of(centre, institute)));
		publishUnit(new OrgUnitCreated(otherInstitute, "南关街道实践所", "INSTITUTE", centre, List.of(centre)));
		publishUnit(new OrgUnitCreated(otherStation, "南关社区实践站", "STATION", otherInstitute,
				List.of(centre, otherInstitute)));
		await().atMost(WAIT)
			.until(() -> count("SELECT count(*) AS n FROM org_unit WHERE id = '" + otherStation + "'") == 1);
		return new Tree(centre, institute, station, otherStation);
	}

	private void publishUnit(OrgUnitCreated unit) {
		volunteerEvents.publish(EventEnvelope.of("/volunteer-service", unit));
	}

	public Team team(UUID orgUnit, int capacity, String... categories) {
		Team team = new Team(orgUnit, capacity, List.of(categories));
		volunteerEvents.publish(EventEnvelope.of("/volunteer-service", new TeamRegistered(team.snapshot())));
		awaitTeamVersion(team);
		return team;
	}

	/**
	 * A team with the given leader and members, for people who play more than one part.
	 */
	public Team team(UUID orgUnit, int capacity, User leader, List<User> members, String... categories) {
		Team team = new Team(orgUnit, capacity, List.of(categories), leader, members);
		volunteerEvents.publish(EventEnvelope.of("/volunteer-service", new TeamRegistered(team.snapshot())));
		awaitTeamVersion(team);
		return team;
	}

	/**
	 * Changes capacity or activity and publishes {@code TeamUpdated} with the next
	 * version.
	 */
	public void update(Team team, int capacity, boolean active) {
		team.capacity = capacity;
		team.active = active;
		team.version.incrementAndGet();
		volunteerEvents.publish(EventEnvelope.of("/volunteer-service", new TeamUpdated(team.snapshot())));
		awaitTeamVersion(team);
	}

	private void awaitTeamVersion(Team team) {
		await().atMost(WAIT)
			.until(() -> count("SELECT count(*) AS n FROM team WHERE id = '" + team.id + "' AND version = "
					+ team.version.get()) == 1);
	}

	public long count(String sql) {
		return db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
	}

	public void execute(String sql) {
		db.sql(sql).then().block();
	}

	// ---- HTTP

	/** The client itself, for calls that need more than {@link #call} (races). */
	public WebTestClient http() {
		return http;
	}

	public Map<String, Object> orderBody(String category, UUID station) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("category", category);
		body.put("title", "请帮忙" + category);
		body.put("description", "家中老人需要帮助");
		body.put("stationId", station);
		body.put("address", "北关社区 3 号楼 2 单元");
		body.put("contactPhone", "13812340000");
		return body;
	}

	/** Places an order and returns its id. */
	public UUID place(User resident, String category, UUID station) {
		JsonNode order = call(resident, "POST", "/api/orders", orderBody(category, station), 201);
		assertThat(order.get("status").asString()).isEqualTo("PLACED");
		return UUID.fromString(order.get("id").asString());
	}

	/** Places an order with an {@code Idempotency-Key} and expects {@code status}. */
	public JsonNode placeWithKey(User user, Map<String, Object> body, String key, int status) {
		return http.post().uri("/api/orders").headers(h -> {
			h.setBearerAuth(user.token());
			h.set("Idempotency-Key", key);
		})
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	public JsonNode get(User user, UUID orderId) {
		return call(user, "GET", "/api/orders/" + orderId, null, 200);
	}

	public JsonNode post(User user, UUID orderId, String action, Object body, int status) {
		return call(user, "POST", "/api/orders/" + orderId + "/" + action, body, status);
	}

	/**
	 * Posts a JSON text as it is, for numbers no client library would write, such as
	 * {@code 1e-2000}.
	 */
	public JsonNode postRaw(User user, UUID orderId, String action, String json, int status) {
		return http.post()
			.uri("/api/orders/" + orderId + "/" + action)
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	public JsonNode call(User user, String method, String path, Object body, int status) {
		WebTestClient.RequestBodySpec request = http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.headers(h -> {
				if (user != null) {
					h.setBearerAuth(user.token());
				}
			});
		WebTestClient.RequestHeadersSpec<?> spec = body == null ? request : request.bodyValue(body);
		return spec.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** Waits until the order reaches {@code status} (read as ADMIN) and returns it. */
	public JsonNode awaitStatus(UUID orderId, String status) {
		User admin = admin();
		JsonNode[] last = new JsonNode[1];
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			last[0] = get(admin, orderId);
			return status.equals(last[0].get("status").asString());
		});
		return last[0];
	}

	/**
	 * Waits until the dispatcher has dealt with a new order: dispatched or unassigned.
	 */
	public JsonNode awaitDispatchAttempt(UUID orderId) {
		User admin = admin();
		JsonNode[] last = new JsonNode[1];
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			last[0] = get(admin, orderId);
			return !"PLACED".equals(last[0].get("status").asString());
		});
		return last[0];
	}

	public JsonNode awaitDispatchedTo(UUID orderId, Team team) {
		JsonNode order = awaitStatus(orderId, "DISPATCHED");
		assertThat(order.get("teamId").asString()).as("team the order went to").isEqualTo(team.id.toString());
		return order;
	}

	// ---- a whole team flow, for building ratings

	public void accept(Team team, UUID orderId) {
		post(team.leader, orderId, "accept", Map.of("volunteerIds", List.of(team.member(0).id())), 200);
	}

	public void acceptStartComplete(Team team, UUID orderId) {
		accept(team, orderId);
		post(team.member(0), orderId, "start", null, 200);
		post(team.leader, orderId, "complete", Map.of("summary", "已完成", "hours",
				List.of(Map.of("volunteerId", team.member(0).id(), "hours", new BigDecimal("2")))), 200);
	}

	/**
	 * Staff sends the order to {@code team}, which then carries it through to an
	 * evaluation with both ratings.
	 */
	public void evaluateWith(Team team, UUID orderId, User resident, User staff, int residentRating, int staffRating) {
		JsonNode order = awaitDispatchAttempt(orderId);
		if (!team.id.toString().equals(order.get("teamId").asString())) {
			post(staff, orderId, "dispatch", Map.of("teamId", team.id), 200);
		}
		acceptStartComplete(team, orderId);
		post(resident, orderId, "evaluations", Map.of("rating", residentRating), 200);
		JsonNode evaluated = post(staff, orderId, "evaluations", Map.of("rating", staffRating), 200);
		assertThat(evaluated.get("status").asString()).isEqualTo("EVALUATED");
	}

}
