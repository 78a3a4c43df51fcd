package org.civicdispatch.gateway.apidocs;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.civicdispatch.gateway.routing.Downstream;
import org.civicdispatch.web.CivicSecurityProperties;
import org.civicdispatch.web.Problem;
import org.civicdispatch.web.PublicEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * {@code GET /v3/api-docs}: the OpenAPI 3.1 description of the whole API, the three
 * services' own descriptions (each at its {@code /v3/api-docs}) merged into one document,
 * for anyone to read; Swagger UI at {@code /swagger-ui.html} shows it. A complete
 * description is kept for a minute; while a service is down the others' paths are still
 * served, with that service named under {@code info.x-unavailable-services}, and asked
 * for again on the next request.
 */
@Configuration(proxyBeanMethods = false)
class CombinedApiDocs {

	static final String PATH = "/v3/api-docs";

	private static final Logger log = LoggerFactory.getLogger(CombinedApiDocs.class);

	static final String UNAVAILABLE = "接口文档暂时不可用，请稍后再试 (no service description could be read)";

	private static final Duration KEEP = Duration.ofMinutes(1);

	private static final int MAX_DESCRIPTION_BYTES = 8 * 1024 * 1024;

	/**
	 * A service writes its description when first asked, which takes a few seconds on a
	 * busy machine.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Bean
	RouterFunction<ServerResponse> combinedApiDocsRoute(GatewayProperties gateway, CivicSecurityProperties security,
			ObjectProvider<ReactiveDiscoveryClient> discovery) {
		WebClient client = WebClient.builder()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_DESCRIPTION_BYTES))
			.build();
		Description description = new Description(serviceUrls(gateway), client,
				new PublicEndpoints(security.publicPaths()), Clock.systemUTC(), discovery.getIfAvailable());
		return RouterFunctions.route(RequestPredicates.GET(PATH),
				(request) -> description.current()
					.flatMap((merged) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(merged))
					.switchIfEmpty(Mono.defer(() -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
						.contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.bodyValue(Problem.answering(request.exchange(),
								new Problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE))))));
	}

	/** Each service's base URL, as its route in {@code application.yml} names it. */
	private static Map<String, URI> serviceUrls(GatewayProperties gateway) {
		Map<String, URI> urls = new LinkedHashMap<>();
		for (Downstream service : Downstream.values()) {
			gateway.getRoutes()
				.stream()
				.filter((route) -> route.getId().equals(service.id()))
				.map(RouteDefinition::getUri)
				.findFirst()
				.ifPresent((uri) -> urls.put(service.id(), uri));
		}
		return urls;
	}

	/**
	 * Reads and merges the services' descriptions, keeping a complete one for
	 * {@link #KEEP}.
	 */
	static final class Description {

		private final Map<String, URI> services;

		private final WebClient client;

		private final PublicEndpoints publicEndpoints;

		private final Clock clock;

		private final AtomicReference<Kept> kept = new AtomicReference<>();

		private final ReactiveDiscoveryClient discovery;

		Description(Map<String, URI> services, WebClient client, PublicEndpoints publicEndpoints, Clock clock) {
			this(services, client, publicEndpoints, clock, null);
		}

		Description(Map<String, URI> services, WebClient client, PublicEndpoints publicEndpoints, Clock clock,
				ReactiveDiscoveryClient discovery) {
			this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
			this.client = client;
			this.publicEndpoints = publicEndpoints;
			this.clock = clock;
			this.discovery = discovery;
		}

		/** The merged description; empty when not one service answered. */
		Mono<ObjectNode> current() {
			Kept now = this.kept.get();
			if (now != null && now.until().isAfter(this.clock.instant())) {
				return Mono.just(now.description());
			}
			return Flux.fromIterable(this.services.entrySet())
				.flatMapSequential((service) -> read(service.getKey(), service.getValue()))
				.collectList()
				.flatMap(this::merge);
		}

		private Mono<Tuple2<String, JsonNode>> read(String service, URI base) {
			return instances(base).concatMap((instance) -> {
				URI uri = URI.create(instance.toString().replaceAll("/+$", "") + PATH);
				return this.client.get()
					.uri(uri)
					.accept(MediaType.APPLICATION_JSON)
					.retrieve()
					.bodyToMono(JsonNode.class)
					.timeout(TIMEOUT)
					.onErrorResume((failure) -> {
						log.warn("No API description from {} at {}: {}", service, uri, failure.toString());
						return Mono.empty();
					});
			})
				.next()
				.map((description) -> Tuples.of(service, description))
				.defaultIfEmpty(Tuples.of(service, MissingNode.getInstance()));
		}

		/**
		 * The route's URL, or for {@code lb://<service>} each listed instance in turn
		 * until one answers.
		 */
		private Flux<URI> instances(URI base) {
			if (!"lb".equalsIgnoreCase(base.getScheme()) || this.discovery == null) {
				return Flux.just(base);
			}
			return this.discovery.getInstances(base.getHost()).map(ServiceInstance::getUri);
		}

		private Mono<ObjectNode> merge(List<Tuple2<String, JsonNode>> descriptions) {
			ApiDescriptionMerger merger = new ApiDescriptionMerger(this.publicEndpoints);
			boolean complete = true;
			boolean any = false;
			for (Tuple2<String, JsonNode> description : descriptions) {
				if (description.getT2().isObject()) {
					merger.add(description.getT1(), description.getT2());
					any = true;
				}
				else {
					merger.unavailable(description.getT1());
					complete = false;
				}
			}
			if (!any) {
				return Mono.empty();
			}
			ObjectNode merged = merger.result();
			if (complete) {
				this.kept.set(new Kept(merged, this.clock.instant().plus(KEEP)));
			}
			return Mono.just(merged);
		}

		private record Kept(ObjectNode description, Instant until) {
		}

	}

}
