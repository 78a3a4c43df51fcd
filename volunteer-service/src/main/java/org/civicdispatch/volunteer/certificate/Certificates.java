package org.civicdispatch.volunteer.certificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.civicdispatch.volunteer.certificate.CertificateRepository.NewCertificate;
import org.civicdispatch.volunteer.org.OrgUnit;
import org.civicdispatch.volunteer.org.OrgUnits;
import org.civicdispatch.volunteer.volunteering.Volunteers;
import org.civicdispatch.volunteer.volunteering.Volunteers.VolunteerView;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.civicdispatch.web.StaffScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * 志愿服务证明: issues a volunteer's certificate for a period from their service records,
 * storing each one under its verification code, and answers anyone who checks a code.
 */
@Service
class Certificates {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	static final String MALFORMED_CODE = "验证码应为 12 位，由数字 2–9 和大写字母（不含 I、O）组成";

	private static final Logger log = LoggerFactory.getLogger(Certificates.class);

	private final CertificateRepository repository;

	private final Volunteers volunteers;

	private final OrgUnits orgUnits;

	private final StaffScope staffScope;

	private final CertificateFont font;

	private final String publicUrl;

	private final Clock clock;

	Certificates(CertificateRepository repository, Volunteers volunteers, OrgUnits orgUnits, StaffScope staffScope,
			CertificateFont font, @Value("${civic.public-url:http://localhost:8080}") String publicUrl, Clock clock) {
		this.repository = repository;
		this.volunteers = volunteers;
		this.orgUnits = orgUnits;
		this.staffScope = staffScope;
		this.font = font;
		this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
		this.clock = clock;
	}

	/** A certificate as downloaded: the PDF and what names the file. */
	record Issued(byte[] pdf, String code, String volunteerNo, CertificatePeriod period) {
	}

	/**
	 * What a check of a code answers: {@code {valid: false}} alone for a code never
	 * issued, otherwise whose certificate it is (the name masked), the period and the
	 * hours it states, and when it was issued.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CertificateCheck(boolean valid, String name, String volunteerNo, BigDecimal hours, LocalDate from,
			LocalDate to, OffsetDateTime issuedAt) {

		static final CertificateCheck INVALID = new CertificateCheck(false, null, null, null, null, null, null);

	}

	/**
	 * Self, STAFF over the volunteer's station, or ADMIN (others 403); a user who is no
	 * volunteer is a 404. Each call issues a new certificate with a code of its own.
	 */
	Mono<Issued> issue(CurrentUser user, UUID userId, String from, String to) {
		CertificatePeriod period = CertificatePeriod.parse(from, to, LocalDate.now(clock.withZone(CHINA)));
		boolean self = user.id().equals(userId);
		if (!self && !user.isStaff() && !user.isAdmin()) {
			return Mono.error(new ForbiddenException("只能开具自己的志愿服务证明"));
		}
		return volunteers.find(userId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("找不到该志愿者")))
			.flatMap((volunteer) -> self ? Mono.just(volunteer)
					: staffScope.require(user, volunteer.stationId(), "该志愿者不在您管理的范围内").thenReturn(volunteer))
			.flatMap((volunteer) -> font.installed() ? issue(user, volunteer, period)
					: Mono.error(new FontMissingException()));
	}

	private Mono<Issued> issue(CurrentUser user, VolunteerView volunteer, CertificatePeriod period) {
		return Mono
			.zip(repository.summary(volunteer.userId(), period),
					repository.rows(volunteer.userId(), period, CertificatePdf.MAX_ROWS), issuer(volunteer))
			.flatMap((parts) -> Mono.defer(() -> {
				String code = VerificationCode.next();
				Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
				CertificatePdf.Content content = new CertificatePdf.Content(volunteer.realName(),
						volunteer.volunteerNo(), period.from(), period.to(), parts.getT2(), parts.getT1().records(),
						parts.getT1().hours(), parts.getT3(), issuedAt.atZone(CHINA), code,
						publicUrl + "/api/certificates/" + code);
				return Mono.fromCallable(() -> pdf(content))
					.subscribeOn(Schedulers.boundedElastic())
					.flatMap((pdf) -> repository
						.insert(new NewCertificate(code, volunteer.userId(), period, parts.getT1(), issuedAt,
								user.id()))
						.thenReturn(new Issued(pdf, code, volunteer.volunteerNo(), period)));
			}).retryWhen(Retry.max(3).filter(DuplicateKeyException.class::isInstance)))
			.doOnNext((issued) -> log.info("Certificate {} issued for volunteer {} ({} to {}) by {}", issued.code(),
					volunteer.userId(), period.from(), period.to(), user.id()));
	}

	private byte[] pdf(CertificatePdf.Content content) {
		try {
			return CertificatePdf.write(content, font);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Anyone may check a code; one that cannot be a code at all is a 400. */
	Mono<CertificateCheck> verify(String code) {
		if (!VerificationCode.wellFormed(code)) {
			return Mono.error(BadRequestException.field("code", MALFORMED_CODE));
		}
		return repository.find(code)
			.map((stored) -> new CertificateCheck(true, MaskedName.of(stored.realName()), stored.volunteerNo(),
					stored.hours(), stored.from(), stored.to(), stored.issuedAt()))
			.defaultIfEmpty(CertificateCheck.INVALID);
	}

	/** The 新时代文明实践中心 above the volunteer's station issues the certificate. */
	private Mono<String> issuer(VolunteerView volunteer) {
		return orgUnits.find(volunteer.stationId())
			.flatMap((station) -> station.ancestorIds().isEmpty() ? Mono.just(station)
					: orgUnits.find(station.ancestorIds().get(0)).defaultIfEmpty(station))
			.map(OrgUnit::name)
			.defaultIfEmpty("新时代文明实践中心");
	}

}
