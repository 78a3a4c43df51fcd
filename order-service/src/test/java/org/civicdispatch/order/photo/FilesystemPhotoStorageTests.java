package org.civicdispatch.order.photo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FilesystemPhotoStorageTests extends PhotoStorageContract {

	@TempDir
	Path directory;

	FilesystemPhotoStorage storage;

	@BeforeEach
	void makeStorage() {
		storage = new FilesystemPhotoStorage(directory.resolve("photos"));
	}

	@Override
	PhotoStorage storage() {
		return storage;
	}

	@Test
	void leavesOnlyWholeFilesBehind() throws IOException {
		String key = UUID.randomUUID().toString();
		storage.put(key, TestImages.jpeg(100, 100), "image/jpeg").block();
		try (var files = Files.list(directory.resolve("photos"))) {
			assertThat(files.map(p -> p.getFileName().toString())).containsExactly(key);
		}
	}

	@Test
	void keysNeverLeaveTheFolder() {
		assertThatIllegalArgumentException().isThrownBy(() -> storage.get("../../etc/passwd").block());
	}

}
