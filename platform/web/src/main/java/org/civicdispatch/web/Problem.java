package org.civicdispatch.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;

/**
 * The RFC 9457 problem every service answers with: {@code title} in English (the status's
 * name), {@code detail} in Chinese for the person reading it, and two properties:
 * {@code requestId}, which lets support find the request in the logs, and {@code errors}
 * ({@link FieldError}s) for a 400 about the input. Spring 7 leaves out a {@code type} of
 * about:blank and orders the members by name; the contract has {@code type} and the RFC's
 * order.
 */
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance" })
public class Problem extends ProblemDetail {

	private static final URI BLANK_TYPE = URI.create("about:blank");

	static final String INVALID_INPUT = "请求参数不正确";

	/**
	 * A problem of which nothing more is known than its status, with a Chinese detail
	 * that says what that means.
	 */
	public Problem(HttpStatus status) {
		this(status, switch (status) {
			case BAD_REQUEST -> INVALID_INPUT;
			case UNAUTHORIZED -> "请先登录";
			case FORBIDDEN -> "没有权限执行此操作";
			case NOT_FOUND -> "找不到请求的资源";
			case METHOD_NOT_ALLOWED -> "不支持该请求方法";
			case NOT_ACCEPTABLE -> "无法提供所要求的响应格式";
			case CONFLICT -> "操作与当前状态冲突";
			case CONTENT_TOO_LARGE -> "请求内容过大";
			case UNSUPPORTED_MEDIA_TYPE -> "不支持的请求内容类型，请使用 application/json";
			case TOO_MANY_REQUESTS -> "请求过于频繁，请稍后再试";
			case SERVICE_UNAVAILABLE -> "服务暂时不可用，请稍后再试";
			default -> status.is5xxServerError() ? "服务器内部错误，请稍后再试" : "请求无法处理";
		});
	}

	public Problem(HttpStatusCode status, String detail) {
		this(status, detail, List.of());
	}

	public Problem(HttpStatusCode status, String detail, List<FieldError> errors) {
		super(status.value());
		setType(BLANK_TYPE);
		setDetail(detail);
		if (!errors.isEmpty()) {
			setProperty("errors", List.copyOf(errors));
		}
	}

	/**
	 * The answer to {@code exchange}: its path as {@code instance} (unless the problem
	 * names one) and its request id, first of the properties.
	 */
	public static ProblemDetail answering(ServerWebExchange exchange, ProblemDetail problem) {
		if (problem.getInstance() == null) {
			problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		RequestIds.of(exchange).ifPresent((requestId) -> properties.put("requestId", requestId));
		if (problem.getProperties() != null) {
			properties.putAll(problem.getProperties());
		}
		problem.setProperties(properties.isEmpty() ? null : properties);
		return problem;
	}

}
