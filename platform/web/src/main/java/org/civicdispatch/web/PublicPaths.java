package org.civicdispatch.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Reads {@code civic.security.public-paths} entries ({@code "POST /api/auth/login"},
 * {@code "/docs/**"}): the paths that need no token, and on which the gateway limits
 * callers by client address alone.
 */
public final class PublicPaths {

	static final String HEALTH = "/actuator/health/**";

	/** The actuator index and every endpoint under it; health is matched before them. */
	static final String[] OPERATOR_ENDPOINTS = { "/actuator", "/actuator/**" };

	/**
	 * Every service's OpenAPI description (springdoc's default path), and the gateway's
	 * combined one.
	 */
	static final String API_DOCS = "/v3/api-docs/**";

	private PublicPaths() {
	}

	/** Matches the health endpoints and every entry of {@code entries}. */
	public static ServerWebExchangeMatcher matcher(List<String> entries) {
		List<ServerWebExchangeMatcher> matchers = new ArrayList<>();
		matchers.add(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, HEALTH));
		matchers.add(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, API_DOCS));
		for (String entry : entries) {
			matchers.add(parse(entry));
		}
		return new OrServerWebExchangeMatcher(matchers);
	}

	static ServerWebExchangeMatcher parse(String entry) {
		String trimmed = entry.trim();
		int space = trimmed.indexOf(' ');
		if (space < 0) {
			return ServerWebExchangeMatchers.pathMatchers(requirePath(trimmed, entry));
		}
		HttpMethod method = HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase());
		return ServerWebExchangeMatchers.pathMatchers(method, requirePath(trimmed.substring(space + 1).trim(), entry));
	}

	/**
	 * Whether an entry covers every request to {@code pathTemplate} (an OpenAPI path such
	 * as {@code /api/store/items/{id}}) with that method.
	 */
	static boolean covers(String entry, HttpMethod method, String pathTemplate) {
		String trimmed = entry.trim();
		int space = trimmed.indexOf(' ');
		if (space >= 0 && !HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase()).equals(method)) {
			return false;
		}
		String pattern = requirePath(space < 0 ? trimmed : trimmed.substring(space + 1).trim(), entry);
		return PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(pathTemplate));
	}

	private static String requirePath(String path, String entry) {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException(
					"civic.security.public-paths entry '" + entry + "' must be \"METHOD /path\" or \"/path\"");
		}
		return path;
	}

}
