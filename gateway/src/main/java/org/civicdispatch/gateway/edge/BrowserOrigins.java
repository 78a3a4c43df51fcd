package org.civicdispatch.gateway.edge;

import java.time.Duration;
import java.util.List;

import org.civicdispatch.web.RequestIds;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for the web console and the H5 pages: only the origins in
 * {@code civic.gateway.cors.allowed-origins} may call the API from a browser; a request
 * from any other origin is refused with 403. It runs before Spring Security, so a
 * preflight needs no token. Tokens travel in the {@code Authorization} header, never in
 * cookies, so credentials stay off.
 */
@Component
class BrowserOrigins extends CorsWebFilter implements Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

	BrowserOrigins(EdgeProperties properties) {
		super(source(properties.cors().allowedOrigins()));
	}

	private static UrlBasedCorsConfigurationSource source(List<String> allowedOrigins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(allowedOrigins);
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
				HttpHeaders.ACCEPT_LANGUAGE, RequestIds.HEADER, "Idempotency-Key"));
		cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, RequestIds.HEADER));
		cors.setAllowCredentials(false);
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
