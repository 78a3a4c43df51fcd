package org.civicdispatch.gateway.webapps;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the built web apps from the same origin as the API: the H5 at {@code /} and the
 * console at {@code /console/}. A page address the app routes itself ({@code /orders/42})
 * answers the app's {@code index.html}, so a reload or a shared link works; hashed files
 * under {@code assets/} may be cached for a year, {@code index.html} never, so a new
 * release reaches every phone at its next visit. Nothing under the API's own paths is
 * ever answered here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAppProperties.class)
class WebApps {

	/**
	 * First path segments that belong to the API and the operators, never to a web app.
	 */
	static final List<String> RESERVED = List.of("api", "actuator", "v3", "swagger-ui", "webjars", "fallback");

	private static final CacheControl HASHED = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	@Bean
	RouterFunction<ServerResponse> webAppRoutes(WebAppProperties properties, ResourceLoader resources) {
		String location = properties.location().endsWith("/") ? properties.location() : properties.location() + "/";
		return app("/console/", resources.getResource(location + "console/"))
			.and(app("/", resources.getResource(location + "h5/")));
	}

	private static RouterFunction<ServerResponse> app(String prefix, Resource root) {
		Function<ServerRequest, Mono<Resource>> files = RouterFunctions.resourceLookupFunction(prefix + "**", root);
		Resource index = relative(root, "index.html");
		Function<ServerRequest, Mono<Resource>> lookup = (request) -> {
			if (!belongsTo(request.path(), prefix)) {
				return Mono.empty();
			}
			return files.apply(request)
				.switchIfEmpty(
						Mono.defer(() -> isPage(request) && index.isReadable() ? Mono.just(index) : Mono.empty()));
		};
		return RouterFunctions.resources(lookup,
				(resource, headers) -> headers.setCacheControl(isHashed(resource) ? HASHED : CacheControl.noCache()));
	}

	static boolean belongsTo(String path, String prefix) {
		if (!path.startsWith(prefix) && !(path + "/").equals(prefix)) {
			return false;
		}
		String first = path.substring(1).split("/", 2)[0];
		return !RESERVED.contains(first) && !first.startsWith("swagger-ui");
	}

	/**
	 * A page the app routes itself: a GET for a path whose last segment names no file.
	 */
	private static boolean isPage(ServerRequest request) {
		if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
			return false;
		}
		String path = request.path();
		return !path.substring(path.lastIndexOf('/') + 1).contains(".");
	}

	/** Vite writes every file under {@code assets/} with a content hash in its name. */
	private static boolean isHashed(Resource resource) {
		try {
			return resource.getURL().getPath().contains("/assets/");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Resource relative(Resource root, String path) {
		try {
			return root.createRelative(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot resolve " + path + " under " + root, ex);
		}
	}

}
