package org.civicdispatch.points.earning;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The versions of the point rule: each change is a new version in force from the moment
 * it was made.
 */
@Component
class PointRules {

	private final DatabaseClient db;

	PointRules(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * The rule in force at {@code time} (the first rule for a time before every rule).
	 */
	Mono<Version> effectiveAt(Instant time) {
		return latest("WHERE effective_from <= :time", time.atOffset(ZoneOffset.UTC))
			.switchIfEmpty(Mono.defer(() -> db.sql("SELECT min(effective_from) AS first FROM point_rule_version")
				.map(row -> row.get("first", OffsetDateTime.class))
				.one()
				.flatMap(first -> latest("WHERE effective_from <= :time", first))));
	}

	/** The rule in force now. */
	Mono<Version> current() {
		return latest("", null);
	}

	private Mono<Version> latest(String condition, OffsetDateTime time) {
		var query = db.sql("SELECT id, base_rate, effective_from, created_by FROM point_rule_version " + condition
				+ " ORDER BY effective_from DESC, id DESC LIMIT 1");
		if (time != null) {
			query = query.bind("time", time);
		}
		return query
			.map(row -> new Version(row.get("id", Long.class), row.get("base_rate", BigDecimal.class),
					row.get("effective_from", OffsetDateTime.class), row.get("created_by", UUID.class), Map.of()))
			.one()
			.flatMap(this::withMultipliers);
	}

	/** Puts a new rule in force from now on (call inside a transaction). */
	Mono<Long> replace(BigDecimal baseRate, Map<String, BigDecimal> multipliers, UUID adminId) {
		return db.sql("""
				INSERT INTO point_rule_version (base_rate, effective_from, created_by)
				VALUES (:baseRate, clock_timestamp(), :by) RETURNING id""")
			.bind("baseRate", baseRate)
			.bind("by", Parameter.fromOrEmpty(adminId, UUID.class))
			.map(row -> row.get("id", Long.class))
			.one()
			.flatMap(id -> Flux.fromIterable(multipliers.entrySet())
				.concatMap(entry -> db.sql("""
						INSERT INTO point_rule_multiplier (version_id, category, multiplier)
						VALUES (:id, :category, :multiplier)""")
					.bind("id", id)
					.bind("category", entry.getKey())
					.bind("multiplier", entry.getValue())
					.then())
				.then(Mono.just(id)));
	}

	private Mono<Version> withMultipliers(Version version) {
		return db.sql("SELECT category, multiplier FROM point_rule_multiplier WHERE version_id = :id")
			.bind("id", version.id())
			.map(row -> Map.entry(row.get("category", String.class), row.get("multiplier", BigDecimal.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
			.map(multipliers -> new Version(version.id(), version.baseRate(), version.effectiveFrom(),
					version.createdBy(), multipliers));
	}

	record Version(long id, BigDecimal baseRate, OffsetDateTime effectiveFrom, UUID createdBy,
			Map<String, BigDecimal> multipliers) {

		PointRule rule() {
			return new PointRule(baseRate, multipliers);
		}

	}

}
