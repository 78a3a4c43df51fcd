package org.civicdispatch.web;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service gets from platform/web, over real HTTP: token rules, problem
 * answers, {@link CurrentUser} and the correlation id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "civic.security.issuer=" + LocalTokens.ISSUER)
class ResourceServerTests {

	private static final UUID USER = UUID.randomUUID();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("civic.security.jwks-uri", LocalTokens::jwksUri);
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void client() {
		client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	static Map<String, String> badTokens() {
		return Map.of("expired", LocalTokens.expired(USER), "forged signature", LocalTokens.forgedSignature(USER),
				"alg none", LocalTokens.algNone(USER), "wrong issuer", LocalTokens.wrongIssuer(USER),
				"subject not a user id", LocalTokens.withSubject("admin"), "not a JWT at all", "abc.def");
	}

	static Iterable<String> badTokenNames() {
		return badTokens().keySet();
	}

	@Test
	void requestWithoutTokenIs401Problem() {
		client.get()
			.uri("/api/whoami")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.title")
			.isEqualTo("Unauthorized")
			.jsonPath("$.detail")
			.isEqualTo("请先登录");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokenNames")
	void badTokenIs401Problem(String kind) {
		client.get()
			.uri("/api/whoami")
			.headers((headers) -> headers.setBearerAuth(badTokens().get(kind)))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.detail")
			.isEqualTo("登录凭证无效或已过期，请重新登录");
	}

	@Test
	void validTokenBecomesCurrentUser() {
		UUID scope = UUID.randomUUID();
		String token = LocalTokens.forUser(USER, "张三", Set.of("RESIDENT", "STAFF"), Set.of(scope));
		for (String path : new String[] { "/api/whoami", "/api/whoami-reactive" }) {
			client.get()
				.uri(path)
				.headers((headers) -> headers.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.id")
				.isEqualTo(USER.toString())
				.jsonPath("$.name")
				.isEqualTo("张三")
				.jsonPath("$.roles.length()")
				.isEqualTo(2)
				.jsonPath("$.staffScopes[0]")
				.isEqualTo(scope.toString());
		}
	}

	@Test
	void publicPathsAndHealthNeedNoToken() {
		client.get().uri("/public/hello").exchange().expectStatus().isOk();
		client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		client.post().uri("/public/hello").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void actuatorEndpointsOtherThanHealthAreForAdministrators() {
		String resident = LocalTokens.forUser(USER, "李四", Set.of("RESIDENT", "STAFF", "VOLUNTEER"), Set.of());
		String admin = LocalTokens.forUser(USER, "管理员", Set.of("ADMIN"), Set.of());
		for (String path : new String[] { "/actuator", "/actuator/info", "/actuator/metrics",
				"/actuator/metrics/http.server.requests", "/actuator/prometheus", "/actuator/env" }) {
			client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			client.get()
				.uri(path)
				.headers((headers) -> headers.setBearerAuth(resident))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		client.get()
			.uri("/actuator")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$._links.info")
			.exists();
		client.get()
			.uri("/actuator/info")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk();
		client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void forbiddenIs403Problem() {
		client.post()
			.uri("/api/admin-things")
			.headers((headers) -> headers.setBearerAuth(LocalTokens.forUser(USER, "李四", Set.of("RESIDENT"), Set.of())))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Forbidden")
			.jsonPath("$.detail")
			.isEqualTo("只有管理员可以操作");
		client.post()
			.uri("/api/admin-things")
			.headers((headers) -> headers.setBearerAuth(LocalTokens.forUser(USER, "管理员", Set.of("ADMIN"), Set.of())))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void invalidBodyIs400WithFieldErrors() {
		client.post()
			.uri("/api/things")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", " ", "capacity", 0))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Bad Request")
			.jsonPath("$.detail")
			.isEqualTo("请求参数不正确")
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[?(@.field == 'name')].message")
			.isEqualTo("不能为空")
			.jsonPath("$.errors[?(@.field == 'capacity')]")
			.exists();
	}

	@Test
	void malformedJsonIs400WithFieldErrors() {
		client.post()
			.uri("/api/things")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"a\", ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
		client.post()
			.uri("/api/things")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"a\", \"capacity\": \"many\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("capacity");
		client.post()
			.uri("/api/things")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
	}

	/**
	 * What goes over the wire, member by member: from a handler and from the security
	 * filters alike.
	 */
	@Test
	void problemsHaveTheContractsMembersInItsOrder() {
		client.post()
			.uri("/api/things")
			.header(RequestIds.HEADER, "req-400")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", " ", "capacity", 5))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"请求参数不正确\","
					+ "\"instance\":\"/api/things\",\"requestId\":\"req-400\","
					+ "\"errors\":[{\"field\":\"name\",\"message\":\"不能为空\"}]}");
		client.get()
			.uri("/api/whoami")
			.header(RequestIds.HEADER, "req-401")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"请先登录\","
					+ "\"instance\":\"/api/whoami\",\"requestId\":\"req-401\"}");
	}

	@Test
	void notFoundBadIdAndUnexpectedFailuresAreProblems() {
		client.get()
			.uri("/api/things/{id}", UUID.randomUUID())
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("找不到该事项");
		client.get()
			.uri("/api/things/not-a-uuid")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("id");
		client.get()
			.uri("/api/no-such-thing")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client.post()
			.uri("/api/duplicates")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Conflict");
		client.get()
			.uri("/api/boom")
			.headers((headers) -> headers.setBearerAuth(resident()))
			.exchange()
			.expectStatus()
			.is5xxServerError()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("服务器内部错误，请稍后再试")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).doesNotContain("broken"));
	}

	@Test
	void requestIdIsTakenOverOrMadeAndReachesContextAndLogs() {
		client.get()
			.uri("/public/request-id")
			.header(RequestIds.HEADER, "req-123")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(RequestIds.HEADER, "req-123")
			.expectBody()
			.jsonPath("$.context")
			.isEqualTo("req-123")
			.jsonPath("$.mdc")
			.isEqualTo("req-123");
		String made = client.get()
			.uri("/api/whoami")
			.header(RequestIds.HEADER, "bad id <script>")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.requestId")
			.exists()
			.returnResult()
			.getResponseHeaders()
			.getFirst(RequestIds.HEADER);
		assertThat(made).isNotBlank().doesNotContain(" ");
		assertThat(UUID.fromString(made)).isNotNull();
	}

	@Test
	void requestIdAndEveryOtherRegisteredThreadLocalFollowTheRequestAcrossThreads() {
		client.get()
			.uri("/public/propagation?district=平城区")
			.header(RequestIds.HEADER, "req-456")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.thread")
			.value((thread) -> assertThat(thread.toString()).startsWith("parallel-"))
			.jsonPath("$.mdc")
			.isEqualTo("req-456")
			.jsonPath("$.district")
			.isEqualTo("平城区");
		// tracing puts the trace id in the MDC through Micrometer's accessor: it must
		// still be registered
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).extracting(ThreadLocalAccessor::key)
			.contains(RequestIds.CONTEXT_KEY, WebTestApplication.DISTRICT_KEY, ObservationThreadLocalAccessor.KEY);
	}

	private static String resident() {
		return LocalTokens.forUser(USER, "王五", Set.of("RESIDENT"), Set.of());
	}

}
