package org.civicdispatch.localstack;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 志愿服务证明 through the gateway: a volunteer whose evaluated order became a service record
 * downloads the certificate, whose text lists the record and the right hours and whose QR
 * code opens the public check of its code, which anyone can call; others may not download
 * it.
 */
class CertificateEndToEndTests {

	private static final GatewayClient gateway = Platform.gateway();

	private static final Pattern CODE = Pattern.compile("验证码：([2-9A-HJ-NP-Z]{12})");

	@Test
	void aVolunteerDownloadsTheCertificateOfAnEvaluatedOrderAndAnyoneChecksItsCode() throws Exception {
		District district = District.setUp(gateway, "1389000", "怀仁");
		String orderId = district.placeOrder();
		district.awaitDispatchedToTeam(orderId);
		district.acceptStartComplete(orderId);
		district.evaluate(orderId);
		// the evaluation reaches volunteer-service as an event: the member's 3 hours
		// become a service record
		await().atMost(District.EVENTUALLY)
			.untilAsserted(() -> assertThat(gateway.get("/api/volunteers/" + district.memberId, district.memberToken)
				.expect(200)
				.json()
				.get("serviceHours")
				.asDouble()).isEqualTo(3.0));
		String volunteerNo = gateway.get("/api/volunteers/" + district.memberId, district.memberToken)
			.expect(200)
			.json()
			.get("volunteerNo")
			.asString();

		LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
		String path = "/api/volunteers/" + district.memberId + "/certificate.pdf?from=" + today.minusDays(30) + "&to="
				+ today;
		HttpResponse<byte[]> download = gateway.download(path, district.memberToken);
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
		String code;
		try (PDDocument pdf = Loader.loadPDF(download.body())) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains("志愿服务证明", "李晓红", volunteerNo, "帮独居老人买菜、打扫卫生", "怀仁社区新时代文明实践站", "服务次数：1 次",
					"累计服务时长：3 小时", "开具单位：怀仁区新时代文明实践中心");
			Matcher matcher = CODE.matcher(text);
			assertThat(matcher.find()).as("the verification code is printed: %s", text).isTrue();
			code = matcher.group(1);
			assertThat(qr(new PDFRenderer(pdf).renderImageWithDPI(0, 150, ImageType.RGB)))
				.isEqualTo(Platform.stack().gatewayUrl() + "/api/certificates/" + code);
		}

		// anyone checks it, without signing in
		JsonNode check = gateway.get("/api/certificates/" + code, null).expect(200).json();
		assertThat(check.get("valid").asBoolean()).isTrue();
		assertThat(check.get("name").asString()).isEqualTo("李**");
		assertThat(check.get("volunteerNo").asString()).isEqualTo(volunteerNo);
		assertThat(check.get("hours").asDouble()).isEqualTo(3.0);
		assertThat(check.get("from").asString()).isEqualTo(today.minusDays(30).toString());
		assertThat(gateway.get("/api/certificates/23456789ABCD", null).expect(200).json().get("valid").asBoolean())
			.isFalse();
		assertThat(gateway.get("/api/certificates/not-a-code", null)
			.expect(400)
			.json()
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("code");

		// the centre's staff may download it for the volunteer; the resident may not
		assertThat(gateway.download(path, district.staffToken).statusCode()).isEqualTo(200);
		assertThat(gateway.download(path, district.residentToken).statusCode()).isEqualTo(403);
		assertThat(gateway
			.get("/api/volunteers/" + district.memberId + "/certificate.pdf?from=2026-02-30", district.memberToken)
			.expect(400)
			.json()
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("from");
	}

	private static String qr(BufferedImage image) throws IOException {
		int width = image.getWidth();
		int height = image.getHeight();
		int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
		try {
			return new QRCodeReader()
				.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels))),
						Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
				.getText();
		}
		catch (ReaderException ex) {
			throw new IOException("The certificate's QR code does not decode", ex);
		}
	}

}
