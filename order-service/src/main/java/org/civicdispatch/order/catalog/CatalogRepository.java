package org.civicdispatch.order.catalog;

import java.util.List;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
public class CatalogRepository {

	private final DatabaseClient db;

	public CatalogRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * The whole catalogue, read to the end before anyone sees it, so no answer holds a
	 * connection.
	 */
	public Mono<List<Category>> findAll() {
		return db.sql("SELECT * FROM catalog_category ORDER BY position")
			.map(CatalogRepository::read)
			.all()
			.collectList();
	}

	public Mono<Category> findByCode(String code) {
		return db.sql("SELECT * FROM catalog_category WHERE code = :code")
			.bind("code", code)
			.map(CatalogRepository::read)
			.one();
	}

	public Mono<Category> updateSla(String code, int slaHours) {
		return db.sql("UPDATE catalog_category SET sla_hours = :sla WHERE code = :code RETURNING *")
			.bind("code", code)
			.bind("sla", slaHours)
			.map(CatalogRepository::read)
			.one();
	}

	private static Category read(Readable row) {
		return new Category(row.get("code", String.class), row.get("name", String.class),
				row.get("description", String.class), row.get("sla_hours", Integer.class),
				Boolean.TRUE.equals(row.get("orderable", Boolean.class)));
	}

}
