package org.civicdispatch.web;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Short ways to fail a request with a problem answer, for example
 * {@code .switchIfEmpty(Problems.notFound("找不到该志愿服务队"))}.
 */
public final class Problems {

	private Problems() {
	}

	public static <T> Mono<T> badRequest(String detail) {
		return Mono.error(new BadRequestException(detail));
	}

	public static <T> Mono<T> badRequest(String field, String message) {
		return Mono.error(BadRequestException.field(field, message));
	}

	public static <T> Mono<T> badRequest(String detail, List<FieldError> errors) {
		return Mono.error(new BadRequestException(detail, errors));
	}

	public static <T> Mono<T> forbidden(String detail) {
		return Mono.error(new ForbiddenException(detail));
	}

	public static <T> Mono<T> notFound(String detail) {
		return Mono.error(new NotFoundException(detail));
	}

	public static <T> Mono<T> conflict(String detail) {
		return Mono.error(new ConflictException(detail));
	}

}
