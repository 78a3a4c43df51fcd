package org.civicdispatch.volunteer.certificate;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.civicdispatch.volunteer.certificate.Certificates.CertificateCheck;
import org.civicdispatch.web.CurrentUser;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * 志愿服务证明: the PDF for a volunteer and a period, and the public check of its verification
 * code.
 */
@RestController
class CertificateController {

	private final Certificates certificates;

	CertificateController(Certificates certificates) {
		this.certificates = certificates;
	}

	@GetMapping("/api/volunteers/{userId}/certificate.pdf")
	@Operation(summary = "志愿服务证明: a volunteer's certificate of service for a period, as a one-page PDF",
			description = """
					The volunteer themself, STAFF over the volunteer's station (or a unit above it), ADMIN; others \
					403; a user who is not a volunteer 404. `from` and `to` are days (yyyy-MM-dd, China time), both \
					included; by default the last 365 days up to today; `to` not before `from`, at most 5 years \
					(400 otherwise). One A4 page in Chinese: the real name, the volunteer number, the period, the \
					number of services and total hours, a table of the service records of the period (date, \
					content, place, hours, organising unit; newest first; those that do not fit are counted under \
					it), the issuing 新时代文明实践中心 (the one above the volunteer's station), the issue date, a \
					verification code (12 characters of 23456789ABCDEFGHJKLMNPQRSTUVWXYZ) and a QR code of \
					`<civic.public-url>/api/certificates/<code>`. Each download is a new certificate with its own \
					code, kept so that anyone can check it. 503 when the certificate font (Debian's \
					fonts-wqy-zenhei) is not installed.""")
	@ApiResponse(responseCode = "200", description = "The PDF",
			content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
	Mono<ResponseEntity<byte[]>> certificate(@PathVariable UUID userId,
			@Parameter(description = "First day of the period, yyyy-MM-dd; by default 364 days before `to`",
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String from,
			@Parameter(description = "Last day of the period, yyyy-MM-dd; by default today",
					schema = @Schema(type = "string", format = "date")) @RequestParam(required = false) String to,
			CurrentUser user) {
		return certificates.issue(user, userId, from, to).map((issued) -> {
			String name = "志愿服务证明_" + issued.volunteerNo() + "_" + issued.period().from() + "_" + issued.period().to()
					+ ".pdf";
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_PDF)
				.cacheControl(CacheControl.noStore())
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.inline().filename(name, StandardCharsets.UTF_8).build().toString())
				.body(issued.pdf());
		});
	}

	@GetMapping("/api/certificates/{code}")
	@Operation(summary = "Checks a certificate's verification code (public)", description = """
			No token needed: what the certificate's QR code opens. A code that was issued: `valid: true` \
			with the volunteer's name masked (王*, 欧阳**), volunteer number, the hours the certificate \
			states, its period and when it was issued. A well-formed code never issued: `{"valid": false}`. \
			Not 12 characters of 23456789ABCDEFGHJKLMNPQRSTUVWXYZ: 400.""")
	Mono<CertificateCheck> check(@Parameter(description = "The 12-character verification code on the certificate",
			schema = @Schema(type = "string", pattern = "^[2-9A-HJ-NP-Z]{12}$")) @PathVariable String code) {
		return certificates.verify(code);
	}

}
