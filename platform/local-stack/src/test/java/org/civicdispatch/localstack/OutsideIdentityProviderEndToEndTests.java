package org.civicdispatch.localstack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.civicdispatch.localstack.GatewayClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform signing people in through an outside OpenID Connect provider, as the
 * README's "Using an outside OpenID Connect provider" sets it up: a provider in the test
 * JVM with its own discovery document, key set and token endpoint, signing RS256 access
 * tokens with the README's claims ({@code sub}, {@code name}, {@code roles},
 * {@code staffScopes}) and the extra ones a Keycloak token carries ({@code aud},
 * {@code azp}, Keycloak's default roles). The local stack gets {@code JWKS_URI} and
 * {@code JWT_ISSUER} as its environment would pass them; the gateway, volunteer-service
 * and order-service run (points-service is not needed here).
 */
class OutsideIdentityProviderEndToEndTests {

	private static final String REALM = "civic";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static MockOAuth2Server provider;

	private static LocalStack stack;

	private static GatewayClient gateway;

	private static Path data;

	@BeforeAll
	static void start() throws Exception {
		provider = new MockOAuth2Server();
		provider.start();
		data = Files.createTempDirectory("outside-idp-e2e");
		stack = OwnStack.builder(data)
			.services(Service.GATEWAY, Service.VOLUNTEER, Service.ORDER)
			.identityProvider(provider.jwksUrl(REALM).toString(), provider.issuerUrl(REALM).toString())
			.build();
		stack.start();
		gateway = new GatewayClient(stack.gatewayUrl());
	}

	@AfterAll
	static void stop() {
		OwnStack.stop(stack, data);
		if (provider != null) {
			provider.shutdown();
		}
	}

	@Test
	void theProvidersAdminBuildsTheOrgTreeItsResidentOrdersAndThePlatformsOwnTokensAreRefused() throws Exception {
		// every service was told where the provider's keys are and which issuer to
		// require
		assertThat(stack.jwksUri()).isEqualTo(provider.jwksUrl(REALM).toString());
		String discovery = HTTP
			.send(HttpRequest.newBuilder(URI.create(provider.wellKnownUrl(REALM).toString())).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(JSON.readTree(discovery).get("jwks_uri").asString()).isEqualTo(stack.jwksUri());

		String adminToken = token(UUID.randomUUID(), "省平台管理员", List.of("ADMIN"), null);
		assertThat(header(adminToken).get("alg").asString()).isEqualTo("RS256");
		String centreId = gateway.post("/api/org-units", adminToken, District.orgUnit("阳高县新时代文明实践中心", "CENTRE", null))
			.expect(201)
			.id();
		String instituteId = gateway
			.post("/api/org-units", adminToken, District.orgUnit("龙泉镇新时代文明实践所", "INSTITUTE", centreId))
			.expect(201)
			.id();
		String stationId = gateway
			.post("/api/org-units", adminToken, District.orgUnit("龙泉村新时代文明实践站", "STATION", instituteId))
			.expect(201)
			.id();
		JsonNode tree = gateway.get("/api/org-units", null).expect(200).json();
		assertThat(tree.toString()).contains("阳高县新时代文明实践中心", "龙泉镇新时代文明实践所", "龙泉村新时代文明实践站");

		// a resident the platform has never seen: the provider vouches for them
		UUID residentId = UUID.randomUUID();
		String residentToken = token(residentId, "刘大娘", List.of("RESIDENT"), null);
		Map<String, Object> order = Map.of("category", "ELDERLY", "title", "帮忙取药", "description", "行动不便，需要志愿者帮忙去卫生院取药",
				"stationId", stationId, "address", "阳高县龙泉村3组12号", "contactPhone", "13912345678");
		// order-service learns the new station from volunteer-service's events: retry
		// until it has
		Answer placed = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> gateway.post("/api/orders", residentToken, order,
					Map.of("Idempotency-Key", UUID.randomUUID().toString())), a -> a.status() == 201);
		String orderId = placed.id();
		assertThat(placed.json().get("residentId").asString()).isEqualTo(residentId.toString());
		JsonNode mine = gateway.get("/api/orders/" + orderId, residentToken).expect(200).json();
		assertThat(mine.get("residentId").asString()).isEqualTo(residentId.toString());
		assertThat(mine.get("title").asString()).isEqualTo("帮忙取药");
		JsonNode myOrders = gateway.get("/api/orders?mine=true", residentToken).expect(200).json();
		assertThat(myOrders.get("items")).extracting(o -> o.get("id").asString()).containsExactly(orderId);

		// another resident of the provider cannot read it; staff over the station can
		// (one scope as a plain
		// string, as Keycloak's attribute mapper writes it when it is not multi-valued)
		String neighbour = token(UUID.randomUUID(), "王大爷", List.of("RESIDENT"), null);
		assertThat(gateway.get("/api/orders/" + orderId, neighbour).status()).isIn(403, 404);
		String staffToken = token(UUID.randomUUID(), "赵站长", List.of("RESIDENT", "STAFF"), stationId);
		assertThat(gateway.get("/api/orders/" + orderId, staffToken).expect(200).json().get("id").asString())
			.isEqualTo(orderId);

		// the platform's own sign-in still answers, but nothing accepts its tokens: they
		// are not the provider's
		String own = gateway.login(District.ADMIN_PHONE, District.ADMIN_PASSWORD);
		Answer refused = gateway.post("/api/org-units", own, District.orgUnit("冒名中心", "CENTRE", null));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(gateway.get("/api/orders?mine=true", own).status()).isEqualTo(401);
		// nor does the service itself when asked directly
		assertThat(direct("order-service", "/api/orders?mine=true", own)).isEqualTo(401);

		// a token the provider signed for another issuer (another realm) is refused too
		String otherRealm = provider
			.issueToken("other", "civic-console",
					new DefaultOAuth2TokenCallback("other", UUID.randomUUID().toString(), "JWT",
							List.of("civic-console"), Map.of("roles", List.of("ADMIN")), 3600))
			.serialize();
		assertThat(gateway.post("/api/org-units", otherRealm, District.orgUnit("另一个中心", "CENTRE", null)).status())
			.isEqualTo(401);
	}

	/**
	 * An access token from the provider's token endpoint, as a client of the realm gets
	 * it (the resource owner password grant, Keycloak's "direct access grants"); the
	 * claims are what the README's mappers put in.
	 */
	private static String token(UUID subject, String name, List<String> roles, String staffScope) throws Exception {
		Map<String, Object> claims = new HashMap<>();
		claims.put("name", name);
		// Keycloak's own realm roles come along in the same claim; the platform ignores
		// roles it does not know
		List<String> all = new java.util.ArrayList<>(
				List.of("default-roles-civic", "offline_access", "uma_authorization"));
		all.addAll(roles);
		claims.put("roles", all);
		if (staffScope != null) {
			claims.put("staffScopes", staffScope);
		}
		claims.put("azp", "civic-console");
		provider.enqueueCallback(
				new DefaultOAuth2TokenCallback(REALM, subject.toString(), "JWT", List.of("account"), claims, 3600));
		String form = "grant_type=password&client_id=civic-console&client_secret=secret&scope=openid&username="
				+ URLEncoder.encode(subject.toString(), StandardCharsets.UTF_8) + "&password=secret";
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create(provider.tokenEndpointUrl(REALM).toString()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String accessToken = JSON.readTree(response.body()).get("access_token").asString();
		JsonNode payload = part(accessToken, 1);
		assertThat(payload.get("iss").asString()).isEqualTo(provider.issuerUrl(REALM).toString());
		assertThat(payload.get("sub").asString()).isEqualTo(subject.toString());
		return accessToken;
	}

	private static JsonNode header(String jwt) {
		return part(jwt, 0);
	}

	private static JsonNode part(String jwt, int index) {
		return JSON.readTree(
				new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
	}

	private static int direct(String service, String path, String token) throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create(stack.serviceUrl(service) + path))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
