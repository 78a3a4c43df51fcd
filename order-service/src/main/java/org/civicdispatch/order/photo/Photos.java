package org.civicdispatch.order.photo;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicdispatch.order.serviceorder.OrderPhotos;
import org.civicdispatch.order.serviceorder.OrderView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code order_photo} rows and the {@code photo_upload} journal of uploads in flight.
 */
@Repository
class Photos implements OrderPhotos {

	private final DatabaseClient db;

	Photos(DatabaseClient db) {
		this.db = db;
	}

	record Photo(UUID id, UUID orderId, UUID addedBy, String contentType, int size, int thumbnailSize,
			Instant createdAt) {

		String key() {
			return id.toString();
		}

		String thumbnailKey() {
			return thumbnailKey(id);
		}

		static String thumbnailKey(UUID id) {
			return id + "-thumbnail";
		}

		OrderView.PhotoView view() {
			return new OrderView.PhotoView(id, "/api/photos/" + id, "/api/photos/" + id + "/thumbnail", addedBy,
					createdAt);
		}

	}

	Mono<Photo> find(UUID id) {
		return db.sql("SELECT * FROM order_photo WHERE id = :id").bind("id", id).map(Photos::read).one();
	}

	Mono<Long> count(UUID orderId) {
		return db.sql("SELECT count(*) AS n FROM order_photo WHERE order_id = :order")
			.bind("order", orderId)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	Mono<Void> insert(Photo photo) {
		return db.sql("""
				INSERT INTO order_photo (id, order_id, added_by, content_type, size, thumbnail_size, created_at)
				VALUES (:id, :order, :by, :type, :size, :thumbnail, :at)""")
			.bind("id", photo.id())
			.bind("order", photo.orderId())
			.bind("by", photo.addedBy())
			.bind("type", photo.contentType())
			.bind("size", photo.size())
			.bind("thumbnail", photo.thumbnailSize())
			.bind("at", photo.createdAt())
			.then();
	}

	@Override
	public Mono<Map<UUID, List<OrderView.PhotoView>>> of(Collection<UUID> orderIds) {
		if (orderIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return db.sql("SELECT * FROM order_photo WHERE order_id = ANY(:orders) ORDER BY created_at, id")
			.bind("orders", orderIds.toArray(UUID[]::new))
			.map(Photos::read)
			.all()
			.collect(LinkedHashMap::new,
					(byOrder, photo) -> byOrder.computeIfAbsent(photo.orderId(), id -> new java.util.ArrayList<>())
						.add(photo.view()));
	}

	// ---- the journal

	Mono<Void> startUpload(UUID photoId, UUID orderId, Instant at) {
		return db.sql("INSERT INTO photo_upload (photo_id, order_id, started_at) VALUES (:id, :order, :at)")
			.bind("id", photoId)
			.bind("order", orderId)
			.bind("at", at)
			.then();
	}

	/**
	 * Clears the journal row; false when there was none (the sweep gave the upload up).
	 */
	Mono<Boolean> finishUpload(UUID photoId) {
		return db.sql("DELETE FROM photo_upload WHERE photo_id = :id")
			.bind("id", photoId)
			.fetch()
			.rowsUpdated()
			.map(n -> n > 0);
	}

	/**
	 * Uploads started before {@code before} that never finished: their objects may be
	 * lying about.
	 */
	Flux<UUID> abandonedUploads(Instant before, int limit) {
		return db.sql("SELECT photo_id FROM photo_upload WHERE started_at < :before ORDER BY started_at LIMIT :limit")
			.bind("before", before)
			.bind("limit", limit)
			.map(row -> row.get("photo_id", UUID.class))
			.all();
	}

	private static Photo read(io.r2dbc.spi.Readable row) {
		return new Photo(row.get("id", UUID.class), row.get("order_id", UUID.class), row.get("added_by", UUID.class),
				row.get("content_type", String.class), row.get("size", Integer.class),
				row.get("thumbnail_size", Integer.class), row.get("created_at", Instant.class));
	}

}
