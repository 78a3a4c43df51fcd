package org.civicdispatch.volunteer.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.civicdispatch.events.Topics;
import org.civicdispatch.events.UserRegistered;
import org.civicdispatch.testing.EventProbe;
import org.civicdispatch.testing.TestTokens;
import org.civicdispatch.testing.WithRealInfra;
import org.civicdispatch.volunteer.Api;
import org.civicdispatch.volunteer.Api.User;
import org.civicdispatch.volunteer.token.SigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration, login, tokens and the JWKS, login throttling and {@code GET /api/me},
 * over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "civic.seed-admin=true")
@WithRealInfra
@ExtendWith(OutputCaptureExtension.class)
class AccountIntegrationTests {

	static EventProbe probe;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient database;

	@Autowired
	SigningKeys signingKeys;

	@Autowired
	LoginThrottle throttle;

	Api api;

	@BeforeAll
	static void probe() {
		probe = EventProbe.on(Topics.VOLUNTEER_EVENTS);
	}

	@AfterAll
	static void closeProbe() {
		probe.close();
	}

	@BeforeEach
	void api() {
		api = new Api(port);
	}

	@Test
	void registerLoginAndMe(CapturedOutput output) throws Exception {
		String phone = Api.newPhone();
		Map<String, Object> created = api.post("/api/auth/register", null,
				Map.of("phone", phone, "password", Api.PASSWORD, "name", "张小明"), HttpStatus.CREATED);
		UUID id = Api.id(created);
		assertThat(created).containsEntry("phone", phone).containsEntry("name", "张小明");
		assertThat(created.get("roles")).isEqualTo(List.of("RESIDENT"));

		Map<String, Object> login = api.post("/api/auth/login", null, Map.of("phone", phone, "password", Api.PASSWORD),
				HttpStatus.OK);
		assertThat(login).containsEntry("tokenType", "Bearer").containsEntry("expiresIn", 7200);
		assertThat(login.get("user"))
			.isEqualTo(Map.of("id", id.toString(), "name", "张小明", "roles", List.of("RESIDENT")));
		String token = (String) login.get("accessToken");

		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(id.toString());
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(TestTokens.ISSUER);
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("RESIDENT");
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("staffScopes")).isEmpty();
		assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("张小明");
		Duration lifetime = Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
				jwt.getJWTClaimsSet().getExpirationTime().toInstant());
		assertThat(lifetime).isEqualTo(Duration.ofHours(2));

		// The JWKS is public and verifies the token.
		String jwks = api.client.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		RSAKey published = JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
		assertThat(published.isPrivate()).isFalse();
		assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();

		Map<String, Object> me = api.get("/api/me", token, HttpStatus.OK);
		assertThat(me).containsEntry("id", id.toString())
			.containsEntry("phone", phone)
			.containsEntry("name", "张小明")
			.containsEntry("roles", List.of("RESIDENT"))
			.containsEntry("staffScopes", List.of())
			.containsEntry("teams", List.of());
		assertThat(me.get("volunteer")).isNull();

		// Passwords are stored as BCrypt hashes, never in clear.
		String stored = database.sql("select password_hash from users where id = :id")
			.bind("id", id)
			.map((row, meta) -> row.get("password_hash", String.class))
			.one()
			.block();
		assertThat(stored).startsWith("$2").doesNotContain(Api.PASSWORD);

		// A failed login too, then nothing sensitive may be in the logs.
		api.post("/api/auth/login", null, Map.of("phone", phone, "password", "wrong-password"),
				HttpStatus.UNAUTHORIZED);
		assertThat(output.getAll()).contains("Registered user " + id)
			.doesNotContain(phone)
			.doesNotContain(Api.PASSWORD)
			.doesNotContain("wrong-password")
			.doesNotContain(token)
			.doesNotContain(token.substring(token.lastIndexOf('.') + 1));

		UserRegistered registered = probe
			.awaitOne(UserRegistered.class, (event) -> event.data().userId().equals(id), Duration.ofSeconds(20))
			.data();
		assertThat(registered.name()).isEqualTo("张小明");
		// order-service recognises a neighbour someone ordered for (帮办) by this phone
		assertThat(registered.phone()).isEqualTo(phone);
	}

	@Test
	void requestIdOfTheRegistrationTravelsWithItsEvent() {
		String phone = Api.newPhone();
		String created = api.client.post()
			.uri("/api/auth/register")
			.header("X-Request-Id", "req-register-42")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", phone, "password", Api.PASSWORD, "name", "关联编号"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("X-Request-Id", "req-register-42")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(created).contains("关联编号");
		var records = probe.awaitRecords(Topics.VOLUNTEER_EVENTS, (record) -> EventProbe.fromJson(record.value())
			.filter((event) -> event.data() instanceof UserRegistered registered && registered.name().equals("关联编号"))
			.isPresent(), Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		assertThat(EventProbe.header(records.getFirst(), "X-Request-Id")).isEqualTo("req-register-42");
	}

	@Test
	void badRegistrationsAreFieldErrorsAndCreateNothing() {
		assertThat(Api.errorFields(api.post("/api/auth/register", null,
				Map.of("phone", "2391234567", "password", "short", "name", " "), HttpStatus.BAD_REQUEST)))
			.containsExactlyInAnyOrder("phone", "password", "name");
		assertThat(Api.errorFields(api.post("/api/auth/register", null,
				Map.of("phone", "1391234567", "password", Api.PASSWORD, "name", "李四"), HttpStatus.BAD_REQUEST)))
			.containsExactly("phone");
		assertThat(Api.errorFields(api.post("/api/auth/register", null, Map.of("name", "李四"), HttpStatus.BAD_REQUEST)))
			.containsExactlyInAnyOrder("phone", "password");
		Map<String, Object> malformed = api.client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"phone\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(Api.errorFields(malformed)).containsExactly("body");

		User first = api.register("王五");
		Map<String, Object> duplicate = api.post("/api/auth/register", null,
				Map.of("phone", first.phone(), "password", Api.PASSWORD, "name", "另一个人"), HttpStatus.CONFLICT);
		assertThat(duplicate).containsEntry("detail", "该手机号已注册");
		assertThat(count("select count(*) from users where phone = '" + first.phone() + "'")).isEqualTo(1);
		assertThat(count("select count(*) from users where name = '另一个人' or name = '李四'")).isZero();
	}

	@Test
	void wrongPasswordIs401AndRepeatedFailuresLockThePhone() {
		User user = api.register("赵六");
		Map<String, Object> wrong = api.post("/api/auth/login", null,
				Map.of("phone", user.phone(), "password", "not-the-password"), HttpStatus.UNAUTHORIZED);
		assertThat(wrong).containsEntry("detail", "手机号或密码不正确").containsEntry("title", "Unauthorized");
		api.post("/api/auth/login", null, Map.of("phone", Api.newPhone(), "password", "whatever-1"),
				HttpStatus.UNAUTHORIZED);
		for (int attempt = 2; attempt <= 4; attempt++) {
			api.post("/api/auth/login", null, Map.of("phone", user.phone(), "password", "guess-" + attempt),
					HttpStatus.UNAUTHORIZED);
		}
		// The fifth failure locks the phone; from then on even the right password waits.
		api.post("/api/auth/login", null, Map.of("phone", user.phone(), "password", "guess-5"),
				HttpStatus.TOO_MANY_REQUESTS);
		String retryAfter = api.client.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", user.phone(), "password", Api.PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER);
		assertThat(Long.parseLong(retryAfter)).isBetween(800L, 900L);
		// The lock lives in the database, so every instance sees it.
		assertThat(count(
				"select count(*) from login_attempts where phone = '" + user.phone() + "' and locked_until > now()"))
			.isEqualTo(1);

		database
			.sql("update login_attempts set locked_until = now() - interval '1 second', "
					+ "window_started_at = now() - interval '1 hour' where phone = :phone")
			.bind("phone", user.phone())
			.then()
			.block();
		assertThat(api.login(user.phone(), Api.PASSWORD)).isNotBlank();
		assertThat(count("select count(*) from login_attempts where phone = '" + user.phone() + "'")).isZero();
		// Windows that are over are forgotten, wherever they were.
		assertThat(count("select count(*) from login_attempts")).isPositive();
		database.sql("update login_attempts set window_started_at = now() - interval '1 hour', locked_until = null")
			.then()
			.block();
		assertThat(throttle.purgeExpired().block()).isPositive();
		assertThat(count("select count(*) from login_attempts")).isZero();
	}

	@Test
	void phonesThatAreNotElevenAsciiDigitsAre400AtLoginAndRegistration() {
		List<String> odd = List.of("138000000000", "+8613800000000", "13800000000\u00A0", " 13800000000",
				"1".repeat(300), "\uFF11\uFF13\uFF18\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10", "1380000000O",
				"");
		for (String phone : odd) {
			Map<String, Object> login = api.client.post()
				.uri("/api/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("phone", phone, "password", "whatever-1"))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult()
				.getResponseBody();
			assertThat(Api.errorFields(login)).as(phone).containsExactly("phone");
			assertThat(Api.errorFields(api.post("/api/auth/register", null,
					Map.of("phone", phone, "password", Api.PASSWORD, "name", "号码不对"), HttpStatus.BAD_REQUEST)))
				.as(phone)
				.containsExactly("phone");
		}
		assertThat(count("select count(*) from users where name = '号码不对'")).isZero();
		assertThat(api.adminToken()).isNotBlank();
	}

	@Test
	void weakPasswordsAndNamesThatAreNotOneLineOfTextAreRejected() {
		for (String weak : List.of("12345678", "aaaaaaaa", "password", "PASSWORD", "abcdefgh", "11111111",
				"98765432109", "密码密码密码密码", "abc12345", "Password1", "!!!!!!!!")) {
			Map<String, Object> problem = api.post("/api/auth/register", null,
					Map.of("phone", Api.newPhone(), "password", weak, "name", "弱密码"), HttpStatus.BAD_REQUEST);
			assertThat(Api.errorFields(problem)).as(weak).containsExactly("password");
			assertThat((String) Api.errors(problem).getFirst().get("message")).as(weak).startsWith("密码");
		}
		// A password of multi-byte characters is cut off by BCrypt after 72 bytes:
		// refused, not shortened.
		assertThat(Api.errorFields(api.post("/api/auth/register", null,
				Map.of("phone", Api.newPhone(), "password", "密码1".repeat(20), "name", "长密码"), HttpStatus.BAD_REQUEST)))
			.containsExactly("password");
		assertThat(count("select count(*) from users where name in ('弱密码', '长密码')")).isZero();

		for (String strong : List.of(Api.ADMIN_PASSWORD, "Volunteer@2024", "Passw0rd!", "Bench@2024!", Api.PASSWORD,
				"abcdefg1", "志愿服务2024")) {
			User user = api.register("强密码", strong);
			assertThat(user.token()).as(strong).isNotBlank();
		}

		for (String name : List.of("\u3000", "\u00A0\u00A0", "张三\u2028李四", "张三\u2029", "张三\n李四", "张三\t")) {
			assertThat(Api.errorFields(api.post("/api/auth/register", null,
					Map.of("phone", Api.newPhone(), "password", Api.PASSWORD, "name", name), HttpStatus.BAD_REQUEST)))
				.as(name)
				.containsExactly("name");
		}
		assertThat(count("select count(*) from users where name = '' or name ~ '[[:space:]]'")).isZero();
		// Spaces of any kind around a name are not kept.
		Map<String, Object> spaced = api.post("/api/auth/register", null,
				Map.of("phone", Api.newPhone(), "password", Api.PASSWORD, "name", "\u3000王\u00A0五\u00A0"),
				HttpStatus.CREATED);
		assertThat(spaced).containsEntry("name", "王\u00A0五");
	}

	@Test
	void parallelGuessesGetNoMorePasswordsCheckedThanTheLimit(CapturedOutput output) throws Exception {
		User owner = api.register("被猜密码");
		Api attacker = api.from(Api.newAddress());
		List<Api.LoginAnswer> answers = inParallel(30, 30,
				(i) -> attacker.tryLogin(owner.phone(), "guess-" + i + "-wrong"));

		assertThat(answers).extracting(Api.LoginAnswer::status).allMatch((status) -> status == 401 || status == 429);
		assertThat(answers).filteredOn((answer) -> answer.status() == 401).hasSizeBetween(1, 5);
		assertThat(answers).filteredOn((answer) -> answer.status() == 429)
			.hasSizeGreaterThanOrEqualTo(25)
			.allSatisfy((answer) -> assertThat(answer.retryAfter()).isBetween(800L, 900L));
		// Each checked password leaves one line in the log: at most the limit were
		// checked.
		String failed = "Failed login for " + Phones.mask(owner.phone());
		assertThat(output.getAll().lines().filter((line) -> line.contains(failed))).hasSizeBetween(1, 5);

		// Locked where the guesses came from, even for the right password ...
		assertThat(attacker.tryLogin(owner.phone(), Api.PASSWORD).status()).isEqualTo(429);
		// ... and not for the owner anywhere else.
		String token = api.from(Api.newAddress()).login(owner.phone(), Api.PASSWORD);
		assertThat(api.get("/api/me", token, HttpStatus.OK)).containsEntry("id", owner.id().toString());
	}

	@Test
	void wrongPasswordsFromOneAddressDoNotLockTheOwnerOutFromAnother() {
		User owner = api.register("管理员本人");
		Api elsewhere = api.from(Api.newAddress());
		for (int attempt = 1; attempt <= 4; attempt++) {
			assertThat(elsewhere.tryLogin(owner.phone(), "guess-" + attempt).status()).isEqualTo(401);
		}
		assertThat(elsewhere.tryLogin(owner.phone(), "guess-5").status()).isEqualTo(429);
		assertThat(elsewhere.tryLogin(owner.phone(), Api.PASSWORD).status()).isEqualTo(429);

		Api home = api.from(Api.newAddress());
		assertThat(home.tryLogin(owner.phone(), Api.PASSWORD).status()).isEqualTo(200);
		// A failure at home counts at home only, and the lock elsewhere stays.
		assertThat(home.tryLogin(owner.phone(), "typo").status()).isEqualTo(401);
		assertThat(home.tryLogin(owner.phone(), Api.PASSWORD).status()).isEqualTo(200);
		assertThat(elsewhere.tryLogin(owner.phone(), Api.PASSWORD).status()).isEqualTo(429);
	}

	@Test
	void aStationsSignUpDayWorksWhileFailedLoginsFromItsAddressAreThrottled() throws Exception {
		Api station = api.from(Api.newAddress());
		// A hundred residents register and log in from the station's Wi-Fi.
		List<Integer> signUps = inParallel(100, 8, (i) -> {
			String phone = Api.newPhone();
			station.post("/api/auth/register", null, Map.of("phone", phone, "password", Api.PASSWORD, "name", "居民" + i),
					HttpStatus.CREATED);
			return station.tryLogin(phone, Api.PASSWORD).status();
		});
		assertThat(signUps).hasSize(100).containsOnly(200);

		// Sixty failed logins from there, each at another phone, run out of the address's
		// budget.
		List<Api.LoginAnswer> guesses = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			guesses.add(station.tryLogin(Api.newPhone(), "guess-" + i));
		}
		assertThat(guesses).extracting(Api.LoginAnswer::status).containsOnly(401, 429);
		assertThat(guesses).filteredOn((answer) -> answer.status() == 401).hasSizeLessThanOrEqualTo(30);
		assertThat(guesses.subList(30, 60)).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(429);
			assertThat(answer.retryAfter()).isPositive();
		});
		// People elsewhere are not affected.
		User someone = api.from(Api.newAddress()).register("别处的居民");
		assertThat(someone.token()).isNotBlank();
	}

	private static <T> List<T> inParallel(int count, int threads, IntFunction<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<T>> futures = pool
				.invokeAll(IntStream.range(0, count).<Callable<T>>mapToObj((i) -> () -> task.apply(i)).toList());
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void tokensThatAreMissingOrBadAre401() {
		UUID someone = UUID.randomUUID();
		Set<String> roles = Set.of("RESIDENT", "ADMIN");
		api.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		for (String token : List.of(TestTokens.expired(someone, "过期", roles, Set.of()),
				TestTokens.forgedSignature(someone, "伪造", roles, Set.of()),
				TestTokens.algNone(someone, "无签名", roles, Set.of()),
				TestTokens.wrongIssuer(someone, "别处", roles, Set.of()), forgedWithOwnKeyId(), "not-a-token")) {
			Map<String, Object> problem = api.get("/api/me", token, HttpStatus.UNAUTHORIZED);
			assertThat(problem).containsEntry("status", 401).containsEntry("title", "Unauthorized");
		}
		// Admin-only actions stay out of reach with a bad admin token.
		api.post("/api/org-units", TestTokens.algNone(someone, "无签名", roles, Set.of()),
				Map.of("name", "伪中心", "level", "CENTRE"), HttpStatus.UNAUTHORIZED);
		assertThat(count("select count(*) from org_units")).isZero();
	}

	@Test
	void signingKeyIsKeptInTheDatabaseSoRestartsKeepTokensValid() throws Exception {
		String token = api.adminToken();
		String kid = SignedJWT.parse(token).getHeader().getKeyID();
		assertThat(count("select count(*) from signing_keys where kid = '" + kid + "'")).isEqualTo(1);
		// A second instance (or this one after a restart) reads the same key rather than
		// making one.
		SigningKeys restarted = new SigningKeys(database);
		assertThat(restarted.signingKey().block().getKeyID()).isEqualTo(kid);
		assertThat(signingKeys.signingKey().block().getKeyID()).isEqualTo(kid);
		Map<String, Object> me = api.get("/api/me", token, HttpStatus.OK);
		assertThat(me).containsEntry("phone", Api.ADMIN_PHONE);
		assertThat(me.get("roles")).isEqualTo(List.of("RESIDENT", "ADMIN"));
	}

	/** Names this service's own key id, but is signed by another key. */
	private String forgedWithOwnKeyId() {
		try {
			RSAKey own = signingKeys.signingKey().block();
			RSAKey other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(own.getKeyID()).generate();
			SignedJWT jwt = new SignedJWT(
					new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID(own.getKeyID())
						.build(),
					new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(UUID.randomUUID().toString())
						.issuer(TestTokens.ISSUER)
						.expirationTime(new java.util.Date(System.currentTimeMillis() + 600_000))
						.claim("roles", List.of("ADMIN"))
						.build());
			jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(other));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long count(String sql) {
		return database.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
	}

}
