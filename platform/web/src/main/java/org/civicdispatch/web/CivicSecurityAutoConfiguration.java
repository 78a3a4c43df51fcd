package org.civicdispatch.web;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Every service is an OAuth 2.0 resource server: each request needs a valid Bearer token
 * except {@code civic.security.public-paths} and the health endpoints; the other actuator
 * endpoints (the index, info, metrics, prometheus...) are for operators and need the
 * ADMIN role, whatever the public paths say, except on the actuator's own port
 * ({@link ManagementPort}), which only the cluster reaches; 401 and 403 are problem
 * answers. Services authorise by role and ownership themselves, with {@link CurrentUser}.
 */
@AutoConfiguration(after = CivicWebAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ ServerHttpSecurity.class, ReactiveJwtDecoder.class })
@EnableConfigurationProperties(CivicSecurityProperties.class)
@EnableWebFluxSecurity
public class CivicSecurityAutoConfiguration {

	/**
	 * Checks tokens against the keys at {@code civic.security.jwks-uri}; a service
	 * holding its own key may replace it.
	 */
	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder civicJwtDecoder(CivicSecurityProperties properties) {
		return JwtRules.jwksDecoder(properties.jwksUri().toString(), properties.issuer());
	}

	/**
	 * A URL that Spring Security's firewall refuses (an encoded percent sign or slash, a
	 * NUL, a backslash...) is bad input like any other: a 400 problem rather than an
	 * empty 400.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServerExchangeRejectedHandler problemExchangeRejectedHandler(ProblemResponses problems) {
		return (exchange, rejected) -> problems.write(exchange, new Problem(HttpStatus.BAD_REQUEST,
				Problem.INVALID_INPUT, List.of(new FieldError("path", "请求地址包含不允许的字符"))));
	}

	@Bean
	ManagementPort civicManagementPort() {
		return new ManagementPort();
	}

	@Bean
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	SecurityWebFilterChain civicSecurityWebFilterChain(ServerHttpSecurity http, CivicSecurityProperties properties,
			ReactiveJwtDecoder jwtDecoder, ProblemResponses problems, ManagementPort managementPort) {
		ServerAuthenticationEntryPoint entryPoint = (exchange, failure) -> unauthorized(exchange, failure, problems);
		ServerAccessDeniedHandler accessDenied = (exchange, denied) -> problems.write(exchange,
				new Problem(HttpStatus.FORBIDDEN));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.GET, PublicPaths.HEALTH)
				.permitAll()
				.matchers(new AndServerWebExchangeMatcher(managementPort,
						ServerWebExchangeMatchers.pathMatchers(PublicPaths.OPERATOR_ENDPOINTS)))
				.permitAll()
				.pathMatchers(PublicPaths.OPERATOR_ENDPOINTS)
				.hasRole("ADMIN")
				.matchers(PublicPaths.matcher(properties.publicPaths()))
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((oauth2) -> oauth2
				.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder)
					.jwtAuthenticationConverter(new CurrentUserAuthenticationConverter()))
				.authenticationEntryPoint(entryPoint)
				.authenticationFailureHandler(
						(filterExchange, failure) -> (failure instanceof AuthenticationServiceException)
								? problems.write(filterExchange.getExchange(), HttpStatus.SERVICE_UNAVAILABLE,
										"登录验证服务暂时不可用，请稍后再试")
								: entryPoint.commence(filterExchange.getExchange(), failure))
				.accessDeniedHandler(accessDenied))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.build();
	}

	/**
	 * 401 as a problem, with the {@code WWW-Authenticate: Bearer} challenge of RFC 6750.
	 */
	private static Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException failure,
			ProblemResponses problems) {
		boolean badToken = failure instanceof InvalidBearerTokenException
				|| exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
		return problems.write(exchange, HttpStatus.UNAUTHORIZED, badToken ? "登录凭证无效或已过期，请重新登录" : "请先登录");
	}

}
