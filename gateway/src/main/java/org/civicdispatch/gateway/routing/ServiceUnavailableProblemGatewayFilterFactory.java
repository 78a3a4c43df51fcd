package org.civicdispatch.gateway.routing;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * For a route whose answers stream for as long as the client listens
 * ({@code GET /api/events/stream}), where a {@code CircuitBreaker} cannot be used: its
 * time limit would end every stream, and a stream that ends is no failure. When the
 * service cannot be reached (nothing of its answer has gone out yet), the client gets the
 * same 503 problem naming it as from a breaker's fallback; in a route:
 * {@code - name: ServiceUnavailableProblem} with {@code args: name: order-service}.
 */
@Component
class ServiceUnavailableProblemGatewayFilterFactory
		extends AbstractGatewayFilterFactory<ServiceUnavailableProblemGatewayFilterFactory.Config> {

	private final JsonMapper json;

	ServiceUnavailableProblemGatewayFilterFactory(JsonMapper json) {
		super(Config.class);
		this.json = json;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("name");
	}

	@Override
	public GatewayFilter apply(Config config) {
		Downstream service = Downstream.byId(config.getName())
			.orElseThrow(() -> new IllegalArgumentException("No service named " + config.getName()));
		return (exchange, chain) -> chain.filter(exchange)
			.onErrorResume(failure -> !exchange.getResponse().isCommitted(), failure -> {
				ServerHttpResponse response = exchange.getResponse();
				response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
				response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
				byte[] body = json
					.writeValueAsBytes(ServiceUnavailableFallback.unavailable(exchange, service, failure));
				return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
			});
	}

	public static class Config {

		private String name;

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
