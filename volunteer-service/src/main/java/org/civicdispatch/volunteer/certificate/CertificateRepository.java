package org.civicdispatch.volunteer.certificate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Mono;

/**
 * The SQL of 志愿服务证明: the {@code certificates} issued, and the service records a
 * certificate states.
 */
@Repository
class CertificateRepository {

	private final DatabaseClient database;

	CertificateRepository(DatabaseClient database) {
		this.database = database;
	}

	/** How many service records a period holds and their hours. */
	record Summary(long records, BigDecimal hours) {
	}

	/** A certificate as stored, with whose it is. */
	record Stored(String realName, String volunteerNo, BigDecimal hours, LocalDate from, LocalDate to,
			OffsetDateTime issuedAt) {
	}

	record NewCertificate(String code, UUID volunteerId, CertificatePeriod period, Summary summary, Instant issuedAt,
			UUID issuedBy) {
	}

	Mono<Stored> find(String code) {
		return database.sql("""
				select v.real_name, v.volunteer_no, c.hours, c.period_from, c.period_to, c.issued_at
				from certificates c join volunteers v on v.user_id = c.volunteer_id
				where c.code = :code
				""")
			.bind("code", code)
			.map((row, meta) -> new Stored(row.get("real_name", String.class), row.get("volunteer_no", String.class),
					row.get("hours", BigDecimal.class), row.get("period_from", LocalDate.class),
					row.get("period_to", LocalDate.class), row.get("issued_at", OffsetDateTime.class)))
			.one();
	}

	Mono<Summary> summary(UUID volunteerId, CertificatePeriod period) {
		return database.sql("""
				select count(*) as records, coalesce(sum(hours), 0) as hours from service_records
				where volunteer_id = :id and served_on between :from and :to
				""")
			.bind("id", volunteerId)
			.bind("from", period.from())
			.bind("to", period.to())
			.map((row, meta) -> new Summary(row.get("records", Long.class), row.get("hours", BigDecimal.class)))
			.one();
	}

	/** The newest records of the period, at most {@code limit}. */
	Mono<List<CertificatePdf.Row>> rows(UUID volunteerId, CertificatePeriod period, int limit) {
		return database.sql("""
				select r.served_on, r.content, r.place, r.hours, u.name as org_unit_name
				from service_records r left join org_units u on u.id = r.org_unit_id
				where r.volunteer_id = :id and r.served_on between :from and :to
				order by r.served_on desc, r.recorded_at desc, r.id
				limit :limit
				""")
			.bind("id", volunteerId)
			.bind("from", period.from())
			.bind("to", period.to())
			.bind("limit", limit)
			.map((row, meta) -> new CertificatePdf.Row(row.get("served_on", LocalDate.class),
					row.get("content", String.class), row.get("place", String.class),
					row.get("hours", BigDecimal.class), row.get("org_unit_name", String.class)))
			.all()
			.collectList();
	}

	Mono<Void> insert(NewCertificate certificate) {
		return database
			.sql("""
					insert into certificates (code, volunteer_id, period_from, period_to, hours, records, issued_at, issued_by)
					values (:code, :volunteerId, :from, :to, :hours, :records, :issuedAt, :issuedBy)
					""")
			.bind("code", certificate.code())
			.bind("volunteerId", certificate.volunteerId())
			.bind("from", certificate.period().from())
			.bind("to", certificate.period().to())
			.bind("hours", certificate.summary().hours())
			.bind("records", (int) certificate.summary().records())
			.bind("issuedAt", certificate.issuedAt().atOffset(ZoneOffset.UTC))
			.bind("issuedBy", certificate.issuedBy())
			.then();
	}

}
