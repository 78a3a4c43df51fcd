package org.civicdispatch.gateway.edge;

import java.util.concurrent.atomic.AtomicLong;

import org.civicdispatch.web.ProblemResponses;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers 413 to a request body larger than {@code civic.gateway.max-request-body} (a
 * photo upload: {@code max-upload-body}): at once when {@code Content-Length} says so,
 * and for a chunked body as soon as the bytes read pass the limit (the gateway holds a
 * body in memory so that it can be sent again on a retry).
 */
@Component
class RequestBodyLimit implements WebFilter, Ordered {

	/**
	 * Before Spring Security (-100): nothing is read or checked for a body that is
	 * refused anyway.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	/**
	 * Photo uploads, which may be larger than any other request: {@code POST
	 * /api/orders/{id}/photos}.
	 */
	private static final PathPattern UPLOAD = PathPatternParser.defaultInstance.parse("/api/orders/{id}/photos");

	private final DataSize requestLimit;

	private final DataSize uploadLimit;

	private final ProblemResponses problems;

	RequestBodyLimit(EdgeProperties properties, ProblemResponses problems) {
		this.requestLimit = properties.maxRequestBody();
		this.uploadLimit = properties.maxUploadBody();
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		boolean upload = request.getMethod() == HttpMethod.POST
				&& UPLOAD.matches(request.getPath().pathWithinApplication());
		DataSize limit = upload ? this.uploadLimit : this.requestLimit;
		HttpHeaders headers = request.getHeaders();
		long declared = headers.getContentLength();
		if (declared > limit.toBytes()) {
			return tooLarge(exchange, limit);
		}
		if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return chain.filter(exchange);
		}
		// The failure surfaces where the body is read and is answered there as a 413
		// problem.
		return chain.filter(exchange.mutate().request(new Counting(exchange.getRequest(), limit)).build());
	}

	private Mono<Void> tooLarge(ServerWebExchange exchange, DataSize limit) {
		return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, RequestBodyTooLargeException.detail(limit));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** A request whose body fails once more than {@code limit} bytes have been read. */
	private static final class Counting extends ServerHttpRequestDecorator {

		private final DataSize limit;

		Counting(ServerHttpRequest delegate, DataSize limit) {
			super(delegate);
			this.limit = limit;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong read = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (read.addAndGet(buffer.readableByteCount()) > limit.toBytes()) {
					DataBufferUtils.release(buffer);
					sink.error(new RequestBodyTooLargeException(limit));
				}
				else {
					sink.next(buffer);
				}
			});
		}

	}

}
