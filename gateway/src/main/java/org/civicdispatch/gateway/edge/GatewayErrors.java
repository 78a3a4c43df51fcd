package org.civicdispatch.gateway.edge;

import org.civicdispatch.web.ProblemException;
import org.civicdispatch.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Problem answers for what fails in the gateway itself rather than in a service: a path
 * no route matches (404), a method not served (405), a request refused on its way (a
 * {@link ProblemException}, such as a body over the limit), and anything unexpected (500,
 * logged). Runs before Spring Boot's own error handler (order -1), which would answer
 * plain JSON.
 */
@Component
@Order(-2)
class GatewayErrors implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

	private final ProblemResponses problems;

	GatewayErrors(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		if (failure instanceof ProblemException problem) {
			return problems.write(exchange, problem.getBody());
		}
		HttpStatus status = failure instanceof ResponseStatusException rse
				? HttpStatus.resolve(rse.getStatusCode().value()) : null;
		if (status == null || status.is5xxServerError()) {
			RequestLogging.withRequestId(exchange, () -> log.error("{} {} failed in the gateway",
					exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure));
		}
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		return problems.write(exchange, status, detail(status));
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "找不到请求的资源";
			case METHOD_NOT_ALLOWED -> "不支持该请求方法";
			case CONTENT_TOO_LARGE -> "请求内容过大";
			case GATEWAY_TIMEOUT -> "服务响应超时，请稍后再试";
			default -> status.is5xxServerError() ? "服务器内部错误，请稍后再试" : "请求无法处理";
		};
	}

}
