package org.civicdispatch.gateway.routing;

import java.net.URI;
import java.util.Set;

import org.civicdispatch.gateway.edge.RequestLogging;
import org.civicdispatch.web.Problem;
import org.civicdispatch.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR;

/**
 * Where a route's circuit breaker sends a request it gave up on ({@code fallbackUri:
 * forward:/fallback/<service>}): the service is down, too slow, answered 502, 503 or 504,
 * or its breaker is open. The answer is a 503 problem that names the service, in Chinese
 * for the reader and with a {@code service} property for programs. Reached from outside
 * (no breaker failure on the exchange), the path does not exist.
 */
@Configuration(proxyBeanMethods = false)
class ServiceUnavailableFallback {

	static final String PATH = "/fallback/{service}";

	private static final Logger log = LoggerFactory.getLogger(ServiceUnavailableFallback.class);

	@Bean
	RouterFunction<ServerResponse> serviceUnavailableFallbackRoute() {
		return RouterFunctions.route(RequestPredicates.path(PATH), ServiceUnavailableFallback::answer);
	}

	private static Mono<ServerResponse> answer(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		Throwable failure = exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		Downstream service = Downstream.byId(request.pathVariable("service")).orElse(null);
		if (failure == null || service == null) {
			return ServerResponse.notFound().build();
		}
		if (failure instanceof ProblemException refused) {
			// The request itself was refused on its way (its body outgrew the limit,
			// say): not the service's fault.
			return problem(Problem.answering(exchange, refused.getBody()));
		}
		return problem(unavailable(exchange, service, failure));
	}

	/**
	 * Logs that the service could not answer and gives the 503 problem that says so:
	 * naming the service, for the path the client asked for.
	 */
	static ProblemDetail unavailable(ServerWebExchange exchange, Downstream service, Throwable failure) {
		String path = originalPath(exchange);
		RequestLogging.withRequestId(exchange, () -> log.warn("{} unavailable for {} {}: {}", service.id(),
				exchange.getRequest().getMethod(), path, failure.toString()));
		ProblemDetail problem = new Problem(HttpStatus.SERVICE_UNAVAILABLE, service.unavailableDetail());
		problem.setInstance(URI.create(path));
		problem.setProperty("service", service.id());
		return Problem.answering(exchange, problem);
	}

	/**
	 * The path the client asked for (kept by {@link RoutedRequestFilter}) before the
	 * breaker forwarded it here.
	 */
	private static String originalPath(ServerWebExchange exchange) {
		Set<URI> originals = exchange.getAttributeOrDefault(GATEWAY_ORIGINAL_REQUEST_URL_ATTR, Set.of());
		return originals.stream()
			.findFirst()
			.map(URI::getRawPath)
			.orElseGet(() -> exchange.getRequest().getPath().value());
	}

	private static Mono<ServerResponse> problem(ProblemDetail body) {
		return ServerResponse.status(body.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(body);
	}

}
