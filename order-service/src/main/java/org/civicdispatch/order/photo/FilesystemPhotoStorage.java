package org.civicdispatch.order.photo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Photos as files in one folder (the local stack's {@code <data dir>/photos}). A file is
 * written under a temporary name and then renamed, so a reader never sees half of one.
 */
class FilesystemPhotoStorage implements PhotoStorage {

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

	private final Path directory;

	public FilesystemPhotoStorage(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	@Override
	public Mono<Void> put(String key, byte[] bytes, String contentType) {
		return Mono.<Void>fromRunnable(() -> {
			Path target = file(key);
			try {
				Files.createDirectories(directory);
				Path temporary = directory.resolve(".upload-" + UUID.randomUUID());
				try {
					Files.write(temporary, bytes);
					Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				finally {
					Files.deleteIfExists(temporary);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot store photo " + key, ex);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<byte[]> get(String key) {
		return Mono.fromCallable(() -> {
			try {
				return Files.readAllBytes(file(key));
			}
			catch (NoSuchFileException ex) {
				return null;
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> delete(String key) {
		return Mono.<Void>fromCallable(() -> {
			Files.deleteIfExists(file(key));
			return null;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private Path file(String key) {
		if (!KEY.matcher(key).matches()) {
			throw new IllegalArgumentException("Not a photo key: " + key);
		}
		return directory.resolve(key);
	}

}
