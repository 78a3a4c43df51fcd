package org.civicdispatch.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/** Signs test tokens and serves the public key as a JWKS, as volunteer-service does. */
final class LocalTokens {

	static final String ISSUER = "civic-dispatch-test";

	private static final RSAKey KEY = generate();

	private static final RSAKey OTHER_KEY = generate();

	private static final HttpServer SERVER = serve();

	private LocalTokens() {
	}

	static String jwksUri() {
		return "http://localhost:" + SERVER.getAddress().getPort() + "/jwks.json";
	}

	static String forUser(UUID id, String name, Set<String> roles, Set<UUID> scopes) {
		return sign(KEY, claims(id, name, roles, scopes, ISSUER, Instant.now().plusSeconds(600)));
	}

	static String expired(UUID id) {
		return sign(KEY, claims(id, "过期", Set.of("RESIDENT"), Set.of(), ISSUER, Instant.now().minusSeconds(3600)));
	}

	static String forgedSignature(UUID id) {
		return sign(OTHER_KEY, claims(id, "伪造", Set.of("ADMIN"), Set.of(), ISSUER, Instant.now().plusSeconds(600)),
				KEY.getKeyID());
	}

	static String wrongIssuer(UUID id) {
		return sign(KEY, claims(id, "别处", Set.of("ADMIN"), Set.of(), "someone-else", Instant.now().plusSeconds(600)));
	}

	static String algNone(UUID id) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(
				claims(id, "无签名", Set.of("ADMIN"), Set.of(), ISSUER, Instant.now().plusSeconds(600)).toString()
					.getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

	static String withSubject(String subject) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.expirationTime(Date.from(Instant.now().plusSeconds(600)))
			.claim("roles", List.of("RESIDENT"))
			.build();
		return sign(KEY, claims);
	}

	private static JWTClaimsSet claims(UUID id, String name, Set<String> roles, Set<UUID> scopes, String issuer,
			Instant expiresAt) {
		return new JWTClaimsSet.Builder().subject(id.toString())
			.issuer(issuer)
			.issueTime(Date.from(expiresAt.minusSeconds(7200)))
			.expirationTime(Date.from(expiresAt))
			.claim("name", name)
			.claim("roles", List.copyOf(roles))
			.claim("staffScopes", scopes.stream().map(UUID::toString).toList())
			.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		return sign(key, claims, key.getKeyID());
	}

	private static String sign(RSAKey key, JWTClaimsSet claims, String keyId) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.setExecutor(null);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
