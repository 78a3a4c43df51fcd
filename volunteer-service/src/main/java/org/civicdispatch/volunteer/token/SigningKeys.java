package org.civicdispatch.volunteer.token;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The RSA keys that sign access tokens. The first start makes one and stores it in the
 * database, so restarts (and other instances) keep signing with it and issued tokens stay
 * valid. The oldest key signs; all are published, so a key added later can take over
 * without invalidating tokens in flight. Read again every few minutes to see keys other
 * instances added.
 */
@Component
public class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final Duration REFRESH = Duration.ofMinutes(5);

	private final DatabaseClient database;

	private final Mono<List<RSAKey>> keys;

	public SigningKeys(DatabaseClient database) {
		this.database = database;
		this.keys = loadOrCreate().cache((loaded) -> REFRESH, (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/** The key new tokens are signed with. */
	public Mono<RSAKey> signingKey() {
		return keys.map(List::getFirst);
	}

	/** The public halves of every key, as served at {@code /.well-known/jwks.json}. */
	public Mono<JWKSet> publicKeys() {
		return keys.map((all) -> new JWKSet(all.stream().<JWK>map(RSAKey::toPublicJWK).toList()));
	}

	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		keys.subscribe((loaded) -> log.info("Token signing keys ready ({} key(s))", loaded.size()),
				(error) -> log.warn("Token signing keys not ready yet: {}", error.toString()));
	}

	private Mono<List<RSAKey>> loadOrCreate() {
		return load().filter((loaded) -> !loaded.isEmpty()).switchIfEmpty(Mono.defer(() -> create().then(load())));
	}

	private Mono<List<RSAKey>> load() {
		return database.sql("select jwk from signing_keys order by created_at, kid")
			.map((row, meta) -> parse(row.get("jwk", String.class)))
			.all()
			.collectList();
	}

	private Mono<Void> create() {
		return Mono.fromCallable(SigningKeys::generate)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((key) -> database
				.sql("insert into signing_keys (kid, jwk) values (:kid, :jwk) on conflict (kid) do nothing")
				.bind("kid", key.getKeyID())
				.bind("jwk", key.toJSONString())
				.then()
				.doOnSuccess((done) -> log.info("Created token signing key {}", key.getKeyID())));
	}

	private static RSAKey generate() throws JOSEException {
		return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.generate();
	}

	private static RSAKey parse(String json) {
		try {
			return RSAKey.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored signing key does not parse", ex);
		}
	}

}
