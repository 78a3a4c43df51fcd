package org.civicdispatch.order.photo;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PhotoImagesTests {

	@Test
	void aJpegLosesItsExifWithTheGpsPositionAndStillShowsThePicture() throws Exception {
		byte[] upload = TestImages.jpegWithGps(800, 600);
		assertThat(TestImages.containsGps(upload)).as("the test photo carries a position").isTrue();
		assertThat(TestImages.jpegMarkers(upload)).contains(0xE1);

		PhotoImages.Checked checked = PhotoImages.check(upload);

		assertThat(checked.format()).isEqualTo(PhotoImages.Format.JPEG);
		assertThat(TestImages.containsGps(checked.bytes())).isFalse();
		assertThat(TestImages.jpegMarkers(checked.bytes())).doesNotContain(0xE1).contains(0xDA);
		BufferedImage kept = TestImages.read(checked.bytes());
		assertThat(kept.getWidth()).isEqualTo(800);
		assertThat(kept.getHeight()).isEqualTo(600);
		BufferedImage thumbnail = TestImages.read(checked.thumbnail());
		assertThat(thumbnail.getWidth()).isEqualTo(320);
		assertThat(thumbnail.getHeight()).isEqualTo(240);
	}

	@Test
	void aPngLosesItsExifAndTextChunks() throws Exception {
		byte[] upload = TestImages.pngWithGps(200, 400);
		assertThat(TestImages.containsGps(upload)).isTrue();

		PhotoImages.Checked checked = PhotoImages.check(upload);

		assertThat(checked.format()).isEqualTo(PhotoImages.Format.PNG);
		assertThat(TestImages.containsGps(checked.bytes())).isFalse();
		assertThat(new String(checked.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tEXt",
				"eXIf");
		assertThat(TestImages.read(checked.bytes()).getHeight()).isEqualTo(400);
		assertThat(TestImages.read(checked.thumbnail()).getHeight()).isEqualTo(320);
	}

	@Test
	void aWebpLosesItsExifChunkAndItsFlag() throws Exception {
		byte[] upload = TestImages.webpWithGps();
		assertThat(TestImages.containsGps(upload)).isTrue();

		PhotoImages.Checked checked = PhotoImages.check(upload);

		assertThat(checked.format()).isEqualTo(PhotoImages.Format.WEBP);
		assertThat(TestImages.containsGps(checked.bytes())).isFalse();
		assertThat(checked.bytes()[20] & 0x08).as("the EXIF flag of VP8X").isZero();
		assertThat(TestImages.read(checked.thumbnail()).getWidth()).isEqualTo(1);
	}

	@Test
	void whatOnlyLooksLikeAnImageIsRefused() {
		assertThatExceptionOfType(PhotoImages.NotAnImageException.class)
			.isThrownBy(() -> PhotoImages.check(TestImages.pdf()));
		assertThatExceptionOfType(PhotoImages.NotAnImageException.class)
			.isThrownBy(() -> PhotoImages.check(TestImages.jpegHeaderOnGarbage()));
		assertThatExceptionOfType(PhotoImages.NotAnImageException.class)
			.isThrownBy(() -> PhotoImages.check(new byte[0]));
		assertThatExceptionOfType(PhotoImages.NotAnImageException.class)
			.isThrownBy(() -> PhotoImages.check("GIF89a".getBytes()));
	}

}
