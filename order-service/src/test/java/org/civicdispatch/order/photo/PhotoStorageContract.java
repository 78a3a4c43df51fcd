package org.civicdispatch.order.photo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PhotoStorage} does, whichever store is behind it: the same tests run
 * against the folder of the local stack and against an S3 API.
 */
abstract class PhotoStorageContract {

	abstract PhotoStorage storage();

	@Test
	void whatIsPutIsReadBackWhole() {
		String key = UUID.randomUUID().toString();
		byte[] photo = TestImages.jpeg(640, 480);
		storage().put(key, photo, "image/jpeg").as(StepVerifier::create).verifyComplete();
		storage().get(key)
			.as(StepVerifier::create)
			.assertNext(read -> assertThat(read).isEqualTo(photo))
			.verifyComplete();
	}

	@Test
	void aMissingObjectReadsAsNothingAndDeletesWithoutFuss() {
		String key = UUID.randomUUID() + "-thumbnail";
		storage().get(key).as(StepVerifier::create).verifyComplete();
		storage().delete(key).as(StepVerifier::create).verifyComplete();
	}

	@Test
	void aDeletedObjectIsGone() {
		String key = UUID.randomUUID().toString();
		storage().put(key, TestImages.png(10, 10), "image/png").block();
		storage().delete(key).as(StepVerifier::create).verifyComplete();
		storage().get(key).as(StepVerifier::create).verifyComplete();
	}

	@Test
	void aSecondPutReplacesTheFirst() {
		String key = UUID.randomUUID().toString();
		storage().put(key, TestImages.png(10, 10), "image/png").block();
		byte[] second = TestImages.png(20, 20);
		storage().put(key, second, "image/png").block();
		assertThat(storage().get(key).block()).isEqualTo(second);
	}

	@Test
	void manyUploadsAtOnceKeepEachPhotoApart() {
		List<String> keys = IntStream.range(0, 12).mapToObj(i -> UUID.randomUUID().toString()).toList();
		Flux.fromIterable(keys)
			.flatMap(key -> storage().put(key, key.getBytes(), "image/jpeg"), 12)
			.then()
			.block(Duration.ofSeconds(30));
		for (String key : keys) {
			assertThat(storage().get(key).block()).isEqualTo(key.getBytes());
		}
	}

}
