package org.civicdispatch.volunteer.certificate;

import org.civicdispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * 503: the certificate's font file is not on this machine (Debian's
 * {@code fonts-wqy-zenhei}).
 */
class FontMissingException extends ProblemException {

	FontMissingException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, CertificateFont.MISSING);
	}

}
