package org.civicdispatch.localstack;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof of service through the gateway: the resident's photo when ordering (kept without
 * its GPS position), the check-in code shown at the door, the volunteer checking in and
 * out, the hours bounded by it, the team's photo at completion, and the bad input of each
 * (a PDF renamed {@code .jpg}, a 6 MB photo, a code of another order, a replayed code,
 * someone else's photo).
 */
class ProofOfServiceEndToEndTests {

	private static final GatewayClient gateway = Platform.gateway();

	@Test
	void residentShowsPhotosAndTheCheckInCodeAndTheTeamChecksInAndOutAndCompletesWithPhotos() throws IOException {
		District district = District.setUp(gateway, "1385000", "云冈");
		District elsewhere = District.setUp(gateway, "1386000", "口泉");
		String orderId = district.placeOrder();
		String path = "/api/orders/" + orderId;

		// 我要点单 with a photo of the kitchen, taken with the phone's location on
		byte[] withGps = jpegWithExif(1024, 768);
		JsonNode photo = gateway.upload(path + "/photos", district.residentToken, "厨房.jpg", "image/jpeg", withGps)
			.expect(201)
			.json();
		assertThat(photo.get("contentType").asString()).isEqualTo("image/jpeg");
		HttpResponse<byte[]> kept = gateway.download(photo.get("url").asString(), district.residentToken);
		assertThat(kept.statusCode()).isEqualTo(200);
		assertThat(kept.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		assertThat(hasExif(kept.body())).as("EXIF with the GPS position is stripped").isFalse();
		assertThat(ImageIO.read(new ByteArrayInputStream(kept.body())).getWidth()).isEqualTo(1024);
		HttpResponse<byte[]> thumbnail = gateway.download(photo.get("url").asString() + "/thumbnail",
				district.residentToken);
		assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail.body())).getWidth()).isEqualTo(320);

		byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
		gateway.upload(path + "/photos", district.residentToken, "院子.jpg", "image/jpeg", pdf).expect(415);
		byte[] sixMegabytes = new byte[6 * 1024 * 1024];
		new Random(1).nextBytes(sixMegabytes);
		assertThat(gateway.upload(path + "/photos", district.residentToken, "大图.jpg", "image/jpeg", sixMegabytes)
			.expect(413)
			.json()
			.get("detail")
			.asString()).contains("5 MB");
		gateway.upload(path + "/photos", elsewhere.residentToken, "别人的.jpg", "image/jpeg", jpeg(200, 200)).expect(403);
		assertThat(gateway.download(photo.get("url").asString(), elsewhere.residentToken).statusCode()).isEqualTo(403);

		district.awaitDispatchedToTeam(orderId);
		district.accept(orderId);

		// at the door: the resident shows the code, the volunteer types it
		String code = gateway.get(path + "/check-in-code", district.residentToken)
			.expect(200)
			.json()
			.get("code")
			.asString();
		String otherOrder = elsewhere.placeOrder();
		elsewhere.awaitDispatchedToTeam(otherOrder);
		elsewhere.accept(otherOrder);
		String otherCode = gateway.get("/api/orders/" + otherOrder + "/check-in-code", elsewhere.residentToken)
			.expect(200)
			.json()
			.get("code")
			.asString();
		gateway.post(path + "/check-ins", district.memberToken, Map.of("code", otherCode, "type", "IN")).expect(422);
		gateway.post(path + "/check-ins", district.memberToken, Map.of("code", code, "type", "OUT")).expect(409);
		gateway.post(path + "/check-ins", district.memberToken, Map.of("code", code, "type", "IN")).expect(201);
		gateway.post(path + "/start", district.memberToken, Map.of()).expect(200);
		gateway.post(path + "/check-ins", district.memberToken, Map.of("code", code, "type", "OUT")).expect(422);
		String outCode = gateway.get(path + "/check-in-code", district.residentToken)
			.expect(200)
			.json()
			.get("code")
			.asString();
		gateway.post(path + "/check-ins", district.memberToken, Map.of("code", outCode, "type", "OUT")).expect(201);

		// minutes at the door: at most half an hour for the member; the leader did not
		// check in
		JsonNode tooMuch = gateway.post(path + "/complete", district.leaderToken,
				Map.of("summary", "已修好水龙头", "hours", List.of(Map.of("volunteerId", district.leaderId, "hours", 2),
						Map.of("volunteerId", district.memberId, "hours", 3))))
			.expect(400)
			.json();
		assertThat(tooMuch.get("errors").get(0).get("message").asString()).contains(district.memberId);
		gateway.upload(path + "/photos", district.memberToken, "修好了.png", "image/png", png(300, 300)).expect(201);
		gateway.post(path + "/complete", district.leaderToken,
				Map.of("summary", "已修好水龙头", "hours", List.of(Map.of("volunteerId", district.leaderId, "hours", 2),
						Map.of("volunteerId", district.memberId, "hours", 0.5))))
			.expect(200);

		JsonNode order = gateway.get(path, district.staffToken).expect(200).json();
		assertThat(order.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(order.get("checkIns").valueStream().map(c -> c.get("type").asString())).containsExactly("IN", "OUT");
		assertThat(order.get("photos").valueStream().map(p -> p.get("by").asString()))
			.containsExactly(district.residentId, district.memberId);
		assertThat(order.get("history").valueStream().map(h -> h.get("action").asString())).containsSubsequence(
				"PHOTO_ADDED", "ACCEPTED", "CHECKED_IN", "STARTED", "CHECKED_OUT", "PHOTO_ADDED", "COMPLETED");
		assertThat(gateway.download(order.get("photos").get(1).get("thumbnailUrl").asString(), district.staffToken)
			.statusCode()).isEqualTo(200);
	}

	private static byte[] jpeg(int width, int height) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpeg", out);
		return out.toByteArray();
	}

	private static byte[] png(int width, int height) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png", out);
		return out.toByteArray();
	}

	/**
	 * A JPEG with an EXIF segment (APP1) right after its start, as a phone writes one.
	 */
	private static byte[] jpegWithExif(int width, int height) throws IOException {
		byte[] jpeg = jpeg(width, height);
		byte[] exif = "Exif\0\0MM\0*\0\0\0\u0008\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, 2);
		out.write(new byte[] { (byte) 0xFF, (byte) 0xE1, 0, (byte) (exif.length + 2) });
		out.write(exif);
		out.write(jpeg, 2, jpeg.length - 2);
		assertThat(hasExif(out.toByteArray())).isTrue();
		return out.toByteArray();
	}

	private static boolean hasExif(byte[] jpeg) {
		return new String(jpeg, StandardCharsets.ISO_8859_1).contains("Exif\0\0");
	}

}
