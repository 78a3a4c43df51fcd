package org.civicdispatch.order.photo;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Photos as objects in one bucket of an S3-compatible store (MinIO in docker-compose).
 * The bucket is created on first use when it does not exist. The SDK's client blocks, so
 * every call runs on the bounded elastic scheduler, never on a request thread.
 */
class S3PhotoStorage implements PhotoStorage {

	private final S3Client s3;

	private final String bucket;

	private final AtomicBoolean bucketReady = new AtomicBoolean();

	public S3PhotoStorage(S3Client s3, String bucket) {
		this.s3 = s3;
		this.bucket = bucket;
	}

	@Override
	public Mono<Void> put(String key, byte[] bytes, String contentType) {
		return Mono.<Void>fromRunnable(() -> {
			ensureBucket();
			s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) bytes.length),
					RequestBody.fromBytes(bytes));
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<byte[]> get(String key) {
		return Mono.fromCallable(() -> {
			try {
				return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
			}
			catch (NoSuchKeyException | NoSuchBucketException ex) {
				return null;
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> delete(String key) {
		return Mono.<Void>fromRunnable(() -> {
			try {
				s3.deleteObject(b -> b.bucket(bucket).key(key));
			}
			catch (NoSuchBucketException ex) {
				// nothing was ever stored
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private void ensureBucket() {
		if (bucketReady.get()) {
			return;
		}
		try {
			s3.headBucket(b -> b.bucket(bucket));
		}
		catch (NoSuchBucketException ex) {
			s3.createBucket(b -> b.bucket(bucket));
		}
		bucketReady.set(true);
	}

}
