package org.civicdispatch.order.photo;

import java.time.Clock;
import java.time.Duration;

import org.civicdispatch.messaging.Sweep;
import org.civicdispatch.messaging.SweepProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes the objects of uploads that never finished (their journal row is older than
 * {@link #GIVE_UP_AFTER}: no upload takes that long), then the journal row. Deleting is
 * idempotent, so two instances sweeping the same row do no harm.
 */
@Component
class PhotoUploadSweep implements Sweep {

	static final Duration GIVE_UP_AFTER = Duration.ofMinutes(15);

	private final Photos photos;

	private final PhotoService service;

	private final SweepProperties properties;

	private final Clock clock;

	PhotoUploadSweep(Photos photos, PhotoService service, SweepProperties properties, Clock clock) {
		this.photos = photos;
		this.service = service;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Mono<Void> run() {
		return photos.abandonedUploads(clock.instant().minus(GIVE_UP_AFTER), properties.batchSize())
			.concatMap(service::discard)
			.then();
	}

}
