package org.civicdispatch.gateway.edge;

import org.civicdispatch.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * A request body grew past {@code civic.gateway.max-request-body} while it was being
 * read; answered 413 wherever it surfaces.
 */
class RequestBodyTooLargeException extends ProblemException {

	public RequestBodyTooLargeException(DataSize limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, detail(limit));
	}

	/** The Chinese {@code detail} of the 413 answer. */
	static String detail(DataSize limit) {
		return "请求内容过大，不能超过 " + limit.toKilobytes() + " KB (request body too large)";
	}

}
