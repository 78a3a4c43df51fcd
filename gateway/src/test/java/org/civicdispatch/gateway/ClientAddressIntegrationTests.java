package org.civicdispatch.gateway;

import java.util.Map;
import java.util.UUID;

import org.civicdispatch.web.ClientAddress;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway resolves each request's client address once, behind one trusted proxy here
 * (the last {@code X-Forwarded-For} entry is the one the proxy appended), tells the
 * service in {@code X-Client-Address}, and limits the public paths by that address
 * whatever token comes along. Each test plays a client address of its own (TEST-NET-3);
 * an address's bucket allows a burst of 2 requests, then one every 10 s.
 */
@TestPropertySource(properties = { "civic.gateway.rate-limit.trusted-proxies=1",
		"civic.gateway.rate-limit.per-client-address.replenish-rate=1",
		"civic.gateway.rate-limit.per-client-address.burst-capacity=20",
		"civic.gateway.rate-limit.per-client-address.requested-tokens=10" })
class ClientAddressIntegrationTests extends GatewayTestSupport {

	@Test
	void theServiceIsToldTheResolvedClientAddressAndNeverWhatTheClientClaims() {
		String address = "203.0.113.10";
		String path = unique("/api/orders");
		client().get()
			.uri(path)
			.header("Authorization", bearer())
			.header("X-Forwarded-For", "10.9.8.7, " + address)
			.header(ClientAddress.HEADER, "1.2.3.4")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(header(ORDERS.last(path).orElseThrow().headers(), ClientAddress.HEADER)).isEqualTo(address);

		// Without a proxy's entry, the connection's peer.
		String direct = unique("/api/teams");
		client().get()
			.uri(direct)
			.header("Authorization", bearer())
			.header(ClientAddress.HEADER, "1.2.3.4")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(header(VOLUNTEERS.last(direct).orElseThrow().headers(), ClientAddress.HEADER))
			.isEqualTo("127.0.0.1");

		// Not an address (a name would mean a lookup): the peer again.
		String named = "/api/store/items";
		client().get().uri(named).header("X-Forwarded-For", "gateway.example.org").exchange().expectStatus().isOk();
		assertThat(header(POINTS.last(named).orElseThrow().headers(), ClientAddress.HEADER)).isEqualTo("127.0.0.1");
	}

	@Test
	void aTokenOnLoginOrRegisterDoesNotLeaveTheAddressBucket() {
		String address = "203.0.113.20";
		for (int i = 0; i < 2; i++) {
			login(address, bearer()).expectStatus().isOk();
		}
		int before = VOLUNTEERS.hits("/api/auth/register");
		login(address, bearer()).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client().post()
			.uri("/api/auth/register")
			.header("Authorization", bearer())
			.header("X-Forwarded-For", "198.51.100.200, " + address)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"phone\":\"13800000001\",\"password\":\"x\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(429);
		assertThat(VOLUNTEERS.hits("/api/auth/register")).isEqualTo(before);

		// The public lists too; a signed-in user's own requests keep their own bucket.
		client().get()
			.uri("/api/catalog")
			.header("Authorization", bearer())
			.header("X-Forwarded-For", address)
			.exchange()
			.expectStatus()
			.isEqualTo(429);
		client().get()
			.uri(unique("/api/orders"))
			.header("Authorization", bearer())
			.header("X-Forwarded-For", address)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private WebTestClient.ResponseSpec login(String address, String token) {
		return client().post()
			.uri("/api/auth/login")
			.header("Authorization", token)
			.header("X-Forwarded-For", address)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"phone\":\"13800000000\",\"password\":\"" + UUID.randomUUID() + "\"}")
			.exchange();
	}

	private static String header(Map<String, String> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

}
