package org.civicdispatch.volunteer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.civicdispatch.web.ClientAddress;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives volunteer-service over real HTTP the way the gateway and the apps do. */
public final class Api {

	public static final String ADMIN_PHONE = "13800000000";

	public static final String ADMIN_PASSWORD = "Admin@12345";

	public static final String PASSWORD = "Secret-pass-123";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	public final WebTestClient client;

	public Api(int port) {
		this(WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build());
	}

	private Api(WebTestClient client) {
		this.client = client;
	}

	/**
	 * The same service, called from another client address (as the gateway reports it).
	 */
	public Api from(String clientAddress) {
		return new Api(client.mutate().defaultHeader(ClientAddress.HEADER, clientAddress).build());
	}

	/** A client address no other test uses. */
	public static String newAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	/**
	 * What a login answers: its status and, when throttled, its {@code Retry-After} in
	 * seconds.
	 */
	public record LoginAnswer(int status, Long retryAfter) {
	}

	public LoginAnswer tryLogin(String phone, String password) {
		var result = client.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", phone, "password", password))
			.exchange()
			.expectBody(String.class)
			.returnResult();
		String retryAfter = result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
		return new LoginAnswer(result.getStatus().value(), retryAfter == null ? null : Long.parseLong(retryAfter));
	}

	public record User(UUID id, String phone, String name, String token) {
	}

	public static String newPhone() {
		return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
	}

	public Map<String, Object> call(String method, String path, String token, Object body, HttpStatus expected) {
		WebTestClient.RequestBodySpec spec = client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.headers((headers) -> {
				if (token != null) {
					headers.setBearerAuth(token);
				}
			});
		WebTestClient.RequestHeadersSpec<?> request = (body == null) ? spec
				: spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		return request.exchange().expectStatus().isEqualTo(expected).expectBody(JSON).returnResult().getResponseBody();
	}

	public Map<String, Object> post(String path, String token, Object body, HttpStatus expected) {
		return call("POST", path, token, body, expected);
	}

	public Map<String, Object> get(String path, String token, HttpStatus expected) {
		return call("GET", path, token, null, expected);
	}

	public User register(String name) {
		return register(name, PASSWORD);
	}

	public User register(String name, String password) {
		String phone = newPhone();
		Map<String, Object> created = post("/api/auth/register", null,
				Map.of("phone", phone, "password", password, "name", name), HttpStatus.CREATED);
		UUID id = UUID.fromString((String) created.get("id"));
		return new User(id, phone, name, login(phone, password));
	}

	public String login(String phone, String password) {
		Map<String, Object> login = post("/api/auth/login", null, Map.of("phone", phone, "password", password),
				HttpStatus.OK);
		return (String) login.get("accessToken");
	}

	/** Logs in again, to get a token with roles granted since the last login. */
	public User relogin(User user) {
		return new User(user.id(), user.phone(), user.name(), login(user.phone(), PASSWORD));
	}

	public String adminToken() {
		return login(ADMIN_PHONE, ADMIN_PASSWORD);
	}

	public UUID orgUnit(String adminToken, String name, String level, UUID parentId) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "level", level));
		if (parentId != null) {
			body.put("parentId", parentId.toString());
		}
		return id(post("/api/org-units", adminToken, body, HttpStatus.CREATED));
	}

	/**
	 * A centre, an institute under it and a station under that:
	 * {@code [centre, institute, station]}.
	 */
	public List<UUID> tree(String adminToken, String prefix) {
		UUID centre = orgUnit(adminToken, prefix + "新时代文明实践中心", "CENTRE", null);
		UUID institute = orgUnit(adminToken, prefix + "文明实践所", "INSTITUTE", centre);
		UUID station = orgUnit(adminToken, prefix + "文明实践站", "STATION", institute);
		return List.of(centre, institute, station);
	}

	/** Registers a user as a volunteer at the station and logs in again. */
	public User volunteer(String name, UUID stationId) {
		User user = register(name);
		post("/api/volunteers", user.token(),
				Map.of("realName", name, "skills", List.of("助老"), "stationId", stationId.toString()),
				HttpStatus.CREATED);
		return relogin(user);
	}

	public static UUID id(Map<String, Object> body) {
		assertThat(body).containsKey("id");
		return UUID.fromString((String) body.get("id"));
	}

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> errors(Map<String, Object> problem) {
		return (List<Map<String, Object>>) problem.get("errors");
	}

	/** The fields named in a 400 problem's {@code errors}. */
	public static List<String> errorFields(Map<String, Object> problem) {
		assertThat(problem).containsEntry("status", 400);
		return errors(problem).stream().map((error) -> (String) error.get("field")).toList();
	}

}
