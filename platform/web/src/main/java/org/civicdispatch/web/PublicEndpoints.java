package org.civicdispatch.web;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * Which endpoints of an API description need no token, by
 * {@code civic.security.public-paths}: what a service's own description says, and what
 * the gateway's combined one says of every operation, since the gateway's own list is the
 * one its clients meet.
 */
public final class PublicEndpoints {

	private final List<String> publicPaths;

	public PublicEndpoints(List<String> publicPaths) {
		this.publicPaths = List.copyOf(publicPaths);
	}

	/**
	 * Whether every request to {@code pathTemplate} ({@code /api/store/items/{id}}) with
	 * this method is public.
	 */
	public boolean covers(HttpMethod method, String pathTemplate) {
		return this.publicPaths.stream().anyMatch((entry) -> PublicPaths.covers(entry, method, pathTemplate));
	}

}
