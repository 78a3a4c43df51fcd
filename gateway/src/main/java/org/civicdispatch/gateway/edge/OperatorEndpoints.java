package org.civicdispatch.gateway.edge;

import org.civicdispatch.web.ProblemResponses;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * The actuator endpoints other than health (metrics, info) are for operators: a signed-in user
 * without the ADMIN role gets 403. Health stays open for probes and load balancers.
 */
@Component
class OperatorEndpoints implements WebFilter, Ordered {

	/** Right after Spring Security (-100) has settled who is calling. */
	static final int ORDER = -99;

	private final ProblemResponses problems;

	OperatorEndpoints(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith("/actuator/") || path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.filter((principal) -> principal instanceof Authentication authentication && authentication.getAuthorities()
				.stream()
				.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority())))
			.flatMap((admin) -> chain.filter(exchange))
			.switchIfEmpty(Mono.defer(() -> problems.write(exchange, HttpStatus.FORBIDDEN, "仅管理员可查看运行指标")));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
