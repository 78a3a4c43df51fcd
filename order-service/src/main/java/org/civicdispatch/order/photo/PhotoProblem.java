package org.civicdispatch.order.photo;

import org.civicdispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A photo refused for what it is (not a JPEG, PNG or WebP image: 415; too large: 413), or
 * not kept (503).
 */
final class PhotoProblem extends ProblemException {

	private PhotoProblem(HttpStatus status, String detail) {
		super(status, detail);
	}

	static PhotoProblem unsupported() {
		return new PhotoProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "只能上传 JPEG、PNG 或 WebP 格式的照片");
	}

	static PhotoProblem storageUnavailable() {
		return new PhotoProblem(HttpStatus.SERVICE_UNAVAILABLE, "照片存储暂时不可用，请稍后再试");
	}

	static PhotoProblem tooLarge() {
		return new PhotoProblem(HttpStatus.CONTENT_TOO_LARGE, "照片不能超过 5 MB");
	}

}
