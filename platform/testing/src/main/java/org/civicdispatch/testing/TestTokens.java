package org.civicdispatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Bearer tokens for tests, shaped like the ones volunteer-service issues: RS256, header
 * {@code kid}, claims {@code sub}, {@code name}, {@code roles}, {@code staffScopes},
 * {@code iss} = {@link #ISSUER}, {@code iat}, {@code exp} (one hour). The public key is
 * served as a JWKS at {@link #jwksUri()} from a small HTTP server on 127.0.0.1, started
 * on first use.
 * <p>
 * The variants are tokens a resource server must refuse: {@link #expired},
 * {@link #forgedSignature} (same {@code kid}, another key), {@link #algNone} (unsigned)
 * and {@link #wrongIssuer}.
 */
public final class TestTokens {

	public static final String ISSUER = "civic-dispatch-test";

	public static final String JWKS_PATH = "/.well-known/jwks.json";

	private static final String KEY_ID = "civic-dispatch-test-key";

	private static final Duration LIFETIME = Duration.ofHours(1);

	private TestTokens() {
	}

	/**
	 * A valid token for this user. {@code roles} are RESIDENT, VOLUNTEER, STAFF or ADMIN.
	 */
	public static String forUser(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {
		return sign(Keys.SIGNING, claims(id, name, roles, staffScopes, ISSUER, Instant.now()));
	}

	/** A valid token for a user without staff scopes. */
	public static String forUser(UUID id, String name, String... roles) {
		return forUser(id, name, Set.of(roles), Set.of());
	}

	/** A valid token for this user that expires after {@code lifetime}. */
	public static String expiringIn(Duration lifetime, UUID id, String name, String... roles) {
		Instant now = Instant.now();
		return sign(Keys.SIGNING,
				claims(id, name, Set.of(roles), Set.of(), ISSUER, now.minus(LIFETIME).plus(lifetime)));
	}

	/** Signed correctly, but it expired an hour ago. */
	public static String expired(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {
		return sign(Keys.SIGNING,
				claims(id, name, roles, staffScopes, ISSUER, Instant.now().minus(LIFETIME).minus(LIFETIME)));
	}

	/** Names the served key's {@code kid} but is signed by another key. */
	public static String forgedSignature(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {
		return sign(Keys.FORGER, claims(id, name, roles, staffScopes, ISSUER, Instant.now()));
	}

	/** An unsigned token ({@code "alg":"none"}) with valid claims. */
	public static String algNone(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {
		return new PlainJWT(claims(id, name, roles, staffScopes, ISSUER, Instant.now())).serialize();
	}

	/** Signed by the served key, but issued by someone else. */
	public static String wrongIssuer(UUID id, String name, Set<String> roles, Set<UUID> staffScopes) {
		return sign(Keys.SIGNING, claims(id, name, roles, staffScopes, "someone-else", Instant.now()));
	}

	/** {@code "Bearer " + token}, for an Authorization header. */
	public static String bearer(String token) {
		return "Bearer " + token;
	}

	/**
	 * Where the JWKS with the signing key is served, e.g.
	 * {@code http://127.0.0.1:41234/.well-known/jwks.json}.
	 */
	public static String jwksUri() {
		return JwksServer.URI;
	}

	/** The JWKS document that {@link #jwksUri()} serves. */
	public static String jwks() {
		return Keys.JWKS;
	}

	/** The public half of the signing key, for tests that verify tokens themselves. */
	public static RSAKey publicKey() {
		return Keys.SIGNING.toPublicJWK();
	}

	private static JWTClaimsSet claims(UUID id, String name, Set<String> roles, Set<UUID> staffScopes, String issuer,
			Instant issuedAt) {
		return new JWTClaimsSet.Builder().subject(id.toString())
			.claim("name", name)
			.claim("roles", List.copyOf(roles))
			.claim("staffScopes", staffScopes.stream().map(UUID::toString).toList())
			.issuer(issuer)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(LIFETIME)))
			.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).type(JOSEObjectType.JWT).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** Key pairs, generated once per JVM. */
	private static final class Keys {

		static final RSAKey SIGNING = generate();

		static final RSAKey FORGER = generate();

		static final String JWKS = new JWKSet(SIGNING.toPublicJWK()).toString();

		private static RSAKey generate() {
			try {
				return new RSAKeyGenerator(2048).keyID(KEY_ID)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Serves the JWKS on 127.0.0.1, on a free port, until the JVM exits. */
	private static final class JwksServer {

		static final String URI;

		static {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
				server.createContext(JWKS_PATH, exchange -> {
					byte[] body = Keys.JWKS.getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
					// one connection per fetch: the services' JWKS clients outlive test
					// contexts, and a
					// kept-alive connection this server closes as idle could be picked up
					// at that moment
					exchange.getResponseHeaders().set("Connection", "close");
					exchange.sendResponseHeaders(200, body.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(body);
					}
				});
				server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
					Thread thread = new Thread(runnable, "civic-test-jwks");
					thread.setDaemon(true);
					return thread;
				}));
				server.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "civic-test-jwks-shutdown"));
				URI = "http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the test JWKS server", ex);
			}
		}

	}

}
