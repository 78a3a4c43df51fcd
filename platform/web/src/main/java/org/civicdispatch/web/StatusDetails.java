package org.civicdispatch.web;

import org.springframework.http.HttpStatus;

/** The Chinese {@code detail} of a problem when nothing more specific is known than its status. */
final class StatusDetails {

	private StatusDetails() {
	}

	static String of(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> ProblemExceptionHandler.INVALID_INPUT;
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
		};
	}

}
