package org.civicdispatch.web;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every failure of a controller into an RFC 9457 problem: {@link ProblemException}s with
 * their own status and detail, bad input (bean validation, malformed JSON, wrong parameter
 * types) as 400 with field errors, and anything unexpected as a logged 500.
 */
@RestControllerAdvice
public class ProblemExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	static final String INVALID_INPUT = "请求参数不正确";

	static final String BODY = "body";

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Problem> problem(ProblemException ex, ServerWebExchange exchange) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex instanceof TooManyRequestsException tooMany && tooMany.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER,
					Long.toString(Math.max(1, (tooMany.retryAfter().toMillis() + 999) / 1000)));
		}
		return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body(exchange, ex.status(), ex.detail(), ex.errors()));
	}

	@ExceptionHandler(WebExchangeBindException.class)
	ResponseEntity<Problem> invalidBody(WebExchangeBindException ex, ServerWebExchange exchange) {
		List<FieldError> errors = new ArrayList<>();
		ex.getFieldErrors().forEach((error) -> errors.add(new FieldError(error.getField(), error.getDefaultMessage())));
		ex.getGlobalErrors()
			.forEach((error) -> errors.add(new FieldError(error.getObjectName(), error.getDefaultMessage())));
		return badRequest(exchange, errors);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ResponseEntity<Problem> invalidParameters(HandlerMethodValidationException ex, ServerWebExchange exchange) {
		List<FieldError> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String field = parameterName(result.getMethodParameter());
			result.getResolvableErrors().forEach((error) -> errors.add(new FieldError(field, error.getDefaultMessage())));
		}
		return badRequest(exchange, errors);
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<Problem> unreadableInput(ServerWebInputException ex, ServerWebExchange exchange) {
		if (ex instanceof WebExchangeBindException bind) {
			return invalidBody(bind, exchange);
		}
		return badRequest(exchange, List.of(inputError(ex)));
	}

	/** A unique constraint caught a duplicate that a check before it could not see (two requests at once). */
	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<Problem> duplicate(DuplicateKeyException ex, ServerWebExchange exchange) {
		return respond(exchange, HttpStatus.CONFLICT, "数据已存在，请勿重复提交");
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Problem> accessDenied(AccessDeniedException ex, ServerWebExchange exchange) {
		return respond(exchange, HttpStatus.FORBIDDEN, StatusDetails.of(HttpStatus.FORBIDDEN));
	}

	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<Problem> status(ResponseStatusException ex, ServerWebExchange exchange) {
		HttpStatus status = HttpStatus.resolve(ex.getStatusCode().value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (status.is5xxServerError()) {
			log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		response.headers(ex.getHeaders());
		return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body(exchange, status, StatusDetails.of(status), List.of()));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Problem> unexpected(Exception ex, ServerWebExchange exchange) {
		log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return respond(exchange, HttpStatus.INTERNAL_SERVER_ERROR, StatusDetails.of(HttpStatus.INTERNAL_SERVER_ERROR));
	}

	private ResponseEntity<Problem> badRequest(ServerWebExchange exchange, List<FieldError> errors) {
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body(exchange, HttpStatus.BAD_REQUEST, INVALID_INPUT, errors));
	}

	private ResponseEntity<Problem> respond(ServerWebExchange exchange, HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body(exchange, status, detail, List.of()));
	}

	private static Problem body(ServerWebExchange exchange, HttpStatus status, String detail, List<FieldError> errors) {
		return Problem.of(status, detail, exchange.getRequest().getPath().value(), RequestIds.of(exchange).orElse(null),
				errors);
	}

	/** What was wrong with input that could not even be read into the handler's arguments. */
	static FieldError inputError(ServerWebInputException ex) {
		MethodParameter parameter = ex.getMethodParameter();
		Throwable cause = ex.getCause();
		if (ex instanceof MissingRequestValueException missing) {
			return new FieldError(missing.getName(), "不能为空");
		}
		if (cause instanceof TypeMismatchException mismatch) {
			String field = mismatch.getPropertyName() != null ? mismatch.getPropertyName() : parameterName(parameter);
			return new FieldError(field, "格式不正确");
		}
		JacksonException json = jacksonCause(cause);
		if (json instanceof StreamReadException && json.getPath().isEmpty()) {
			return new FieldError(BODY, "不是合法的 JSON");
		}
		if (json != null) {
			String path = jsonPath(json);
			return new FieldError(path.isEmpty() ? BODY : path, "格式或取值不正确");
		}
		if (cause instanceof DecodingException || cause == null && parameter != null
				&& parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
			return new FieldError(BODY, "请求体不能为空或格式不正确");
		}
		return new FieldError(parameter != null ? parameterName(parameter) : BODY, "格式不正确");
	}

	private static JacksonException jacksonCause(Throwable cause) {
		for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
			if (t instanceof JacksonException json) {
				return json;
			}
		}
		return null;
	}

	private static String jsonPath(JacksonException json) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : json.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String parameterName(MethodParameter parameter) {
		if (parameter == null) {
			return BODY;
		}
		String name = parameter.getParameterName();
		return name != null ? name : "arg" + parameter.getParameterIndex();
	}

}
