package org.civicdispatch.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every failure of a controller into an RFC 9457 {@link Problem}: Spring's
 * {@link ErrorResponseException}s with their status and headers
 * ({@link ProblemException}s with their own detail, the others with a Chinese one for
 * their status), bad input (bean validation, malformed JSON, wrong parameter types) as
 * 400 with field errors, and anything unexpected as a logged 500.
 */
@RestControllerAdvice
public class ProblemExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	static final String BODY = "body";

	private static final Pattern DUPLICATE_PROPERTY = Pattern
		.compile("^Duplicate (?:Object )?(?:property|field) \"(.*)\"");

	@ExceptionHandler(ErrorResponseException.class)
	ResponseEntity<ProblemDetail> errorResponse(ErrorResponseException ex, ServerWebExchange exchange) {
		if (ex instanceof ProblemException) {
			return answer(exchange, ex.getHeaders(), ex.getBody());
		}
		HttpStatus status = HttpStatus.resolve(ex.getStatusCode().value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (status.is5xxServerError()) {
			log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		}
		return answer(exchange, ex.getHeaders(), new Problem(status));
	}

	@ExceptionHandler(WebExchangeBindException.class)
	ResponseEntity<ProblemDetail> invalidBody(WebExchangeBindException ex, ServerWebExchange exchange) {
		List<FieldError> errors = new ArrayList<>();
		ex.getFieldErrors().forEach((error) -> errors.add(new FieldError(error.getField(), error.getDefaultMessage())));
		ex.getGlobalErrors()
			.forEach((error) -> errors.add(new FieldError(error.getObjectName(), error.getDefaultMessage())));
		return badRequest(exchange, errors);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException ex, ServerWebExchange exchange) {
		List<FieldError> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String field = parameterName(result.getMethodParameter());
			result.getResolvableErrors()
				.forEach((error) -> errors.add(new FieldError(field, error.getDefaultMessage())));
		}
		return badRequest(exchange, errors);
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<ProblemDetail> unreadableInput(ServerWebInputException ex, ServerWebExchange exchange) {
		return badRequest(exchange, List.of(inputError(ex)));
	}

	/**
	 * A body read outside a handler's arguments (a functional endpoint, a filter) that
	 * does not decode.
	 */
	@ExceptionHandler(DecodingException.class)
	ResponseEntity<ProblemDetail> undecodableInput(DecodingException ex, ServerWebExchange exchange) {
		JacksonException json = jacksonCause(ex);
		return badRequest(exchange, List.of(json != null ? jsonError(json) : new FieldError(BODY, "请求体格式不正确")));
	}

	/**
	 * A unique constraint caught a duplicate that a check before it could not see (two
	 * requests at once).
	 */
	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException ex, ServerWebExchange exchange) {
		return answer(exchange, HttpHeaders.EMPTY, new Problem(HttpStatus.CONFLICT, "数据已存在，请勿重复提交"));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException ex, ServerWebExchange exchange) {
		return answer(exchange, HttpHeaders.EMPTY, new Problem(HttpStatus.FORBIDDEN));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, ServerWebExchange exchange) {
		log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return answer(exchange, HttpHeaders.EMPTY, new Problem(HttpStatus.INTERNAL_SERVER_ERROR));
	}

	private static ResponseEntity<ProblemDetail> badRequest(ServerWebExchange exchange, List<FieldError> errors) {
		return answer(exchange, HttpHeaders.EMPTY, new Problem(HttpStatus.BAD_REQUEST, Problem.INVALID_INPUT, errors));
	}

	/** The problem as the answer to {@code exchange}, with these headers besides. */
	static ResponseEntity<ProblemDetail> answer(ServerWebExchange exchange, HttpHeaders headers,
			ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problem.answering(exchange, problem));
	}

	/**
	 * What was wrong with input that could not even be read into the handler's arguments.
	 */
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
		if (json != null) {
			return jsonError(json);
		}
		if (cause instanceof DecodingException || cause == null && parameter != null
				&& parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
			return new FieldError(BODY, "请求体不能为空或格式不正确");
		}
		return new FieldError(parameter != null ? parameterName(parameter) : BODY, "格式不正确");
	}

	/**
	 * What was wrong with a body Jackson could not read, on the field it names when it
	 * names one.
	 */
	private static FieldError jsonError(JacksonException json) {
		String path = jsonPath(json);
		String field = path.isEmpty() ? BODY : path;
		String reason = String.valueOf(json.getOriginalMessage());
		if (json instanceof InvalidJsonValueException invalid) {
			return new FieldError(field, invalid.fieldMessage());
		}
		if (json instanceof StreamConstraintsException) {
			return new FieldError(field, limitMessage(reason));
		}
		Matcher duplicate = DUPLICATE_PROPERTY.matcher(reason);
		if (duplicate.find()) {
			String object = path.isEmpty() ? parserPath(json) : path;
			return new FieldError(object.isEmpty() ? duplicate.group(1) : object + "." + duplicate.group(1), "字段重复");
		}
		if (json instanceof InputCoercionException) {
			return new FieldError(field, "数值超出取值范围");
		}
		if (json instanceof StreamReadException && reason.contains("CTRL-CHAR")) {
			// A raw control character in a string: JSON allows it only escaped, and we
			// not at all.
			String where = path.isEmpty() ? parserPath(json) : path;
			return new FieldError(where.isEmpty() ? BODY : where, VisibleText.MESSAGE);
		}
		if (json instanceof StreamReadException) {
			return new FieldError(field, path.isEmpty() ? "不是合法的 JSON" : "格式不正确");
		}
		if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			Class<?> type = mismatch.getTargetType();
			JsonToken token = mismatch.getCurrentToken();
			if (type.isPrimitive() && (token == JsonToken.VALUE_NULL || token == JsonToken.END_OBJECT)) {
				return new FieldError(field, "不能为空");
			}
			return new FieldError(field, typeMessage(type));
		}
		return new FieldError(field, "格式或取值不正确");
	}

	/**
	 * Where the parser was when it failed on the JSON text itself (a duplicate key, a raw
	 * control character in a string), for failures that databind did not see and so gave
	 * no path; empty if unknown.
	 */
	private static String parserPath(JacksonException json) {
		if (!(json.processor() instanceof JsonParser parser)) {
			return "";
		}
		TokenStreamContext context = parser.streamReadContext();
		// For a duplicate key the innermost object is the one that holds it: the caller
		// adds the key.
		if (context != null && context.inObject()
				&& DUPLICATE_PROPERTY.matcher(String.valueOf(json.getOriginalMessage())).find()) {
			context = context.getParent();
		}
		Deque<Object> segments = new ArrayDeque<>();
		for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
			if (c.inObject() && c.currentName() != null) {
				segments.addFirst(c.currentName());
			}
			else if (c.inArray() && c.hasCurrentIndex()) {
				segments.addFirst(c.getCurrentIndex());
			}
		}
		StringBuilder path = new StringBuilder();
		for (Object segment : segments) {
			if (segment instanceof Integer index) {
				path.append('[').append(index).append(']');
			}
			else {
				path.append(path.isEmpty() ? "" : ".").append(segment);
			}
		}
		return path.toString();
	}

	/**
	 * Jackson's read limits ({@link StrictJsonAutoConfiguration}) say which one was
	 * passed only in English.
	 */
	private static String limitMessage(String message) {
		String text = String.valueOf(message);
		if (text.startsWith("String value length")) {
			return "文本过长，最多 " + StrictJsonAutoConfiguration.MAX_STRING_LENGTH + " 个字符";
		}
		if (text.startsWith("Number value length")) {
			return "数字位数过多";
		}
		if (text.contains("nesting depth")) {
			return "嵌套层级过深";
		}
		if (text.startsWith("Name length")) {
			return "字段名过长";
		}
		return "内容超出长度或层级限制";
	}

	private static String typeMessage(Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class || type == byte.class || type == Byte.class
				|| type == BigInteger.class) {
			return "必须是整数";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class
				|| type == BigDecimal.class) {
			return "必须是数字";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "必须是 true 或 false";
		}
		if (type == String.class) {
			return "必须是文本";
		}
		return "格式或取值不正确";
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
