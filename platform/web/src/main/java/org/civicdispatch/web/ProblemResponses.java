package org.civicdispatch.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Writes a problem answer straight to the response, for places outside controllers (security filters). */
public class ProblemResponses {

	private final JsonMapper jsonMapper;

	public ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public Problem problem(ServerWebExchange exchange, HttpStatus status, String detail, List<FieldError> errors) {
		return Problem.of(status, detail, exchange.getRequest().getPath().value(),
				RequestIds.of(exchange).orElse(null), errors);
	}

	public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
		return write(exchange, status, detail, List.of());
	}

	public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail, List<FieldError> errors) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		byte[] body = jsonMapper.writeValueAsString(problem(exchange, status, detail, errors))
			.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

}
