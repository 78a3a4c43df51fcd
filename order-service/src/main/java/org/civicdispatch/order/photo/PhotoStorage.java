package org.civicdispatch.order.photo;

import reactor.core.publisher.Mono;

/**
 * Where photo bytes live, by key: an S3-compatible object store in production
 * ({@link S3PhotoStorage}), a folder for the local stack
 * ({@link FilesystemPhotoStorage}). An object is either stored whole or not at all.
 */
interface PhotoStorage {

	Mono<Void> put(String key, byte[] bytes, String contentType);

	/** The object's bytes; empty when there is none. */
	Mono<byte[]> get(String key);

	/** Deletes the object; nothing happens when there is none. */
	Mono<Void> delete(String key);

}
