package org.civicdispatch.order.photo;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicdispatch.order.serviceorder.OrderAccess;
import org.civicdispatch.order.serviceorder.OrderChange;
import org.civicdispatch.order.serviceorder.OrderProblems;
import org.civicdispatch.order.serviceorder.OrderRepository;
import org.civicdispatch.order.serviceorder.OrderStore;
import org.civicdispatch.order.serviceorder.ServiceOrder;
import org.civicdispatch.web.CurrentUser;
import org.civicdispatch.web.ForbiddenException;
import org.civicdispatch.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;

/**
 * Photos of an order: the resident's when ordering and while the order is open, the
 * team's while under way and at completion; at most 9, JPEG, PNG or WebP of at most 5 MB,
 * kept without their metadata and with a thumbnail, and shown only to those who may read
 * the order.
 * <p>
 * Nothing is half-written. An upload is noted in a journal, its objects are stored, and
 * then one transaction adds the photo to the order and clears the note. When storing
 * fails nothing is added; when the transaction fails the objects are deleted; and what
 * even that could not delete (the instance died, the store went away) the
 * {@link PhotoUploadSweep} deletes later from the journal.
 */
@Service
class PhotoService {

	private static final Logger log = LoggerFactory.getLogger(PhotoService.class);

	static final int MAX_BYTES = 5 * 1024 * 1024;

	private final OrderRepository orders;

	private final OrderStore store;

	private final OrderAccess access;

	private final Photos photos;

	private final PhotoStorage storage;

	private final Clock clock;

	PhotoService(OrderRepository orders, OrderStore store, OrderAccess access, Photos photos, PhotoStorage storage,
			Clock clock) {
		this.orders = orders;
		this.store = store;
		this.access = access;
		this.photos = photos;
		this.storage = storage;
		this.clock = clock;
	}

	/** A photo's bytes for the reader. */
	record Image(String contentType, byte[] bytes) {
	}

	Mono<UploadedPhoto> upload(CurrentUser user, UUID orderId, Flux<DataBuffer> content) {
		UUID photoId = UUID.randomUUID();
		return orders.findById(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("订单不存在")))
			// a dry run on an unlocked copy: who and when are checked before the bytes
			// are read
			.flatMap(order -> addTo(user, order, photoId, clock.instant()))
			.then(readAtMost(content, MAX_BYTES))
			.flatMap(bytes -> Mono.fromCallable(() -> PhotoImages.check(bytes))
				.subscribeOn(Schedulers.boundedElastic())
				.onErrorMap(PhotoImages.NotAnImageException.class, ex -> PhotoProblem.unsupported()))
			.flatMap(checked -> keep(user, orderId, photoId, checked))
			.onErrorMap(OrderProblems::translate);
	}

	private Mono<UploadedPhoto> keep(CurrentUser user, UUID orderId, UUID photoId, PhotoImages.Checked checked) {
		Instant now = clock.instant();
		Photos.Photo photo = new Photos.Photo(photoId, orderId, user.id(), checked.format().contentType,
				checked.bytes().length, checked.thumbnail().length, now);
		Mono<ServiceOrder> added = store.change(orderId,
				order -> addTo(user, order, photoId, now).flatMap(changes -> photos.insert(photo)
					.then(photos.finishUpload(photoId))
					.flatMap(finished -> finished ? Mono.just(changes)
							: Mono.error(new IllegalStateException("Upload " + photoId + " was given up")))));
		return photos.startUpload(photoId, orderId, now)
			.then(Mono.defer(() -> storage.put(photo.key(), checked.bytes(), photo.contentType())
				.then(storage.put(photo.thumbnailKey(), checked.thumbnail(), PhotoImages.THUMBNAIL_TYPE))
				.onErrorMap(error -> {
					log.warn("Could not store photo {}", photoId, error);
					return PhotoProblem.storageUnavailable();
				})
				.then(added)
				.onErrorResume(error -> discard(photoId).then(Mono.error(error)))))
			.thenReturn(new UploadedPhoto(photoId, photo.contentType(), photo.size(), photo.view().url(),
					photo.view().thumbnailUrl()));
	}

	/**
	 * The order's changes when {@code user} adds a photo now: 403 for someone else, 409
	 * when closed or full.
	 */
	private Mono<List<OrderChange>> addTo(CurrentUser user, ServiceOrder order, UUID photoId, Instant now) {
		return access.readable(user, order).flatMap(relation -> {
			boolean team = relation.assigned() || relation.leader();
			if (!relation.resident() && !team) {
				return Mono.error(new ForbiddenException("只有下单的群众或已指派的队员可以上传照片"));
			}
			return photos.count(order.id())
				.map(count -> order.addPhoto(photoId, user.id(), relation.resident(), count.intValue(), now));
		});
	}

	/**
	 * Deletes what an upload that failed may have stored, and its journal row once that
	 * worked.
	 */
	Mono<Void> discard(UUID photoId) {
		return storage.delete(photoId.toString())
			.then(storage.delete(Photos.Photo.thumbnailKey(photoId)))
			.then(photos.finishUpload(photoId).then())
			.onErrorResume(error -> {
				log.warn("Could not clean up photo upload {} now; the sweep retries", photoId, error);
				return Mono.empty();
			});
	}

	Mono<Image> read(CurrentUser user, UUID photoId, boolean thumbnail) {
		return photos.find(photoId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("照片不存在")))
			.flatMap(photo -> orders.findById(photo.orderId())
				.flatMap(order -> access.readable(user, order))
				.then(storage.get(thumbnail ? photo.thumbnailKey() : photo.key()))
				.switchIfEmpty(Mono.error(() -> new NotFoundException("照片不存在")))
				.map(bytes -> new Image(thumbnail ? PhotoImages.THUMBNAIL_TYPE : photo.contentType(), bytes)));
	}

	/** The whole content, or 413 as soon as it grows past {@code max} bytes. */
	static Mono<byte[]> readAtMost(Flux<DataBuffer> content, int max) {
		return DataBufferUtils.join(content, max).map(buffer -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				return bytes;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).onErrorMap(DataBufferLimitException.class, ex -> PhotoProblem.tooLarge()).defaultIfEmpty(new byte[0]);
	}

}
