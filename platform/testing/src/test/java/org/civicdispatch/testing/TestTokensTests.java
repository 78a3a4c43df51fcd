package org.civicdispatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.Test;

class TestTokensTests {

	private static final UUID USER = UUID.randomUUID();

	private static final UUID STATION = UUID.randomUUID();

	/**
	 * Verifies the way a resource server does: key from the served JWKS, RS256 only, exp
	 * and iss checked.
	 */
	private static JWTClaimsSet verify(String token) throws Exception {
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(TestTokens.jwksUri()).toURL())
			.retrying(false)
			.build();
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
		processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
				new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).build(), Set.of("sub", "exp", "iat")));
		return processor.process(token, null);
	}

	@Test
	void aTokenVerifiesAgainstTheServedJwksAndCarriesTheUser() throws Exception {
		JWTClaimsSet claims = verify(TestTokens.forUser(USER, "王芳", Set.of("STAFF"), Set.of(STATION)));

		assertThat(claims.getSubject()).isEqualTo(USER.toString());
		assertThat(claims.getStringClaim("name")).isEqualTo("王芳");
		assertThat(claims.getStringListClaim("roles")).containsExactly("STAFF");
		assertThat(claims.getStringListClaim("staffScopes")).containsExactly(STATION.toString());
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
	}

	@Test
	void theVariantsAreRefused() {
		Set<String> roles = Set.of("RESIDENT");
		assertThatThrownBy(() -> verify(TestTokens.expired(USER, "张三", roles, Set.of())))
			.hasMessageContaining("xpired");
		assertThatThrownBy(() -> verify(TestTokens.forgedSignature(USER, "张三", roles, Set.of())))
			.hasMessageContaining("Signed JWT rejected");
		assertThatThrownBy(() -> verify(TestTokens.algNone(USER, "张三", roles, Set.of())))
			.hasMessageContaining("Unsecured (plain) JWTs are rejected");
		assertThatThrownBy(() -> verify(TestTokens.wrongIssuer(USER, "张三", roles, Set.of())))
			.hasMessageContaining("iss");
	}

}
