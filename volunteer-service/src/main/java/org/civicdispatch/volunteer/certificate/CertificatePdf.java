package org.civicdispatch.volunteer.certificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Calendar;
import java.util.EnumMap;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * Writes a 志愿服务证明 as one A4 page: the title, who (real name, volunteer number), the
 * period, the number of services and the total hours, a table of the service records
 * (newest first; what does not fit is counted below it), the issuing centre with a
 * seal-like red mark, the issue date, and the verification code with a QR code of the
 * address that checks it.
 */
final class CertificatePdf {

	/** Rows the table holds on the page; the rest are counted under it. */
	static final int MAX_ROWS = 14;

	private static final float PAGE_WIDTH = PDRectangle.A4.getWidth();

	private static final float PAGE_HEIGHT = PDRectangle.A4.getHeight();

	private static final float LEFT = 56;

	private static final float RIGHT = PAGE_WIDTH - 56;

	private static final float[] RED = { 0.80f, 0.09f, 0.09f };

	private static final float[] INK = { 0.13f, 0.13f, 0.13f };

	private static final float[] GREY = { 0.45f, 0.45f, 0.45f };

	private static final float[] RULE = { 0.62f, 0.62f, 0.62f };

	private static final float[] HEADER_FILL = { 0.99f, 0.94f, 0.92f };

	/** Column titles and widths of the table; the widths add up to RIGHT - LEFT. */
	private static final String[] COLUMNS = { "服务日期", "服务内容", "服务地点", "时长(小时)", "组织单位" };

	private static final float[] WIDTHS = { 66, 150, 104, 56, 107.28f };

	private static final float HEADER_HEIGHT = 22;

	private static final float ROW_HEIGHT = 20;

	/**
	 * The smallest a table cell's text is set before it is shortened with an ellipsis.
	 */
	private static final float MIN_CELL_SIZE = 7.5f;

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/**
	 * What the page says. {@code rows} are at most {@link #MAX_ROWS}, newest first, of
	 * {@code records} in all.
	 */
	record Content(String realName, String volunteerNo, LocalDate from, LocalDate to, List<Row> rows, long records,
			BigDecimal totalHours, String issuer, ZonedDateTime issuedAt, String code, String verificationUrl) {
	}

	record Row(LocalDate servedOn, String content, String place, BigDecimal hours, String orgUnit) {
	}

	private final PDType0Font font;

	private final CmapLookup glyphs;

	private PDPageContentStream page;

	private CertificatePdf(PDType0Font font, CmapLookup glyphs) {
		this.font = font;
		this.glyphs = glyphs;
	}

	/** The PDF's bytes, in the font of {@code fonts} (a subset of it embedded). */
	static byte[] write(Content content, CertificateFont fonts) throws IOException {
		try (CertificateFont.Opened opened = fonts.open(); PDDocument document = new PDDocument()) {
			PDType0Font font = PDType0Font.load(document, opened.font(), true);
			CertificatePdf writer = new CertificatePdf(font, opened.font().getUnicodeCmapLookup());
			PDPage a4 = new PDPage(PDRectangle.A4);
			document.addPage(a4);
			information(document, content);
			try (PDPageContentStream stream = new PDPageContentStream(document, a4)) {
				writer.page = stream;
				writer.draw(document, content);
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
			document.save(out);
			return out.toByteArray();
		}
	}

	private static void information(PDDocument document, Content content) {
		PDDocumentInformation info = document.getDocumentInformation();
		info.setTitle("志愿服务证明 " + content.realName() + " " + content.volunteerNo());
		info.setAuthor(content.issuer());
		info.setSubject("志愿服务证明 " + content.from() + " 至 " + content.to() + "，验证码 " + content.code());
		info.setCreator("Civic Dispatch");
		Calendar created = GregorianCalendar.from(content.issuedAt());
		info.setCreationDate(created);
		info.setModificationDate(created);
	}

	private void draw(PDDocument document, Content content) throws IOException {
		frame();
		title(content);
		float y = facts(content, 708);
		y = text("兹证明以上志愿者在证明期间内参加新时代文明实践志愿服务，服务记录如下：", LEFT + 6, y - 10, 11, INK);
		y = table(content, y - 4);
		closing(document, content, y);
	}

	/** A red double border, as on printed certificates. */
	private void frame() throws IOException {
		page.setStrokingColor(RED[0], RED[1], RED[2]);
		page.setLineWidth(2.4f);
		page.addRect(24, 24, PAGE_WIDTH - 48, PAGE_HEIGHT - 48);
		page.stroke();
		page.setLineWidth(0.7f);
		page.addRect(30, 30, PAGE_WIDTH - 60, PAGE_HEIGHT - 60);
		page.stroke();
	}

	private void title(Content content) throws IOException {
		String title = "志愿服务证明";
		float size = 30;
		float width = width(title, size);
		float x = (PAGE_WIDTH - width) / 2;
		page.setLineWidth(0.7f);
		page.setNonStrokingColor(RED[0], RED[1], RED[2]);
		page.setStrokingColor(RED[0], RED[1], RED[2]);
		page.beginText();
		// filled and outlined: a heavier title than the font's single weight
		page.setRenderingMode(RenderingMode.FILL_STROKE);
		page.setFont(font, size);
		page.newLineAtOffset(x, 758);
		page.showText(title);
		page.setRenderingMode(RenderingMode.FILL);
		page.endText();
		page.setLineWidth(1.2f);
		page.moveTo(x - 20, 748);
		page.lineTo(x + width + 20, 748);
		page.stroke();
		page.setLineWidth(0.5f);
		page.moveTo(x - 20, 745);
		page.lineTo(x + width + 20, 745);
		page.stroke();
		textRight("证书编号：" + content.code(), RIGHT, 790, 9, GREY);
	}

	/**
	 * Who, when, how much: two columns of labelled facts. Returns the baseline below
	 * them.
	 */
	private float facts(Content content, float y) throws IOException {
		float size = 12.5f;
		float middle = LEFT + 262;
		text("姓　　名：" + fit(content.realName(), size, 190), LEFT + 6, y, size, INK);
		text("志愿者编号：" + content.volunteerNo(), middle, y, size, INK);
		y -= 24;
		text("证明期间：" + date(content.from()) + " 至 " + date(content.to()), LEFT + 6, y, size, INK);
		y -= 24;
		text("服务次数：" + content.records() + " 次", LEFT + 6, y, size, INK);
		text("累计服务时长：" + hours(content.totalHours()) + " 小时", middle, y, size, INK);
		return y - 16;
	}

	/**
	 * The records table with its header and a total row. Returns the y below it (and
	 * below the note on rows left out).
	 */
	private float table(Content content, float top) throws IOException {
		float size = 9.5f;
		float y = top;
		page.setNonStrokingColor(HEADER_FILL[0], HEADER_FILL[1], HEADER_FILL[2]);
		page.addRect(LEFT, y - HEADER_HEIGHT, RIGHT - LEFT, HEADER_HEIGHT);
		page.fill();
		float x = LEFT;
		for (int i = 0; i < COLUMNS.length; i++) {
			centred(COLUMNS[i], x, WIDTHS[i], y - HEADER_HEIGHT + 7, 10, INK);
			x += WIDTHS[i];
		}
		y -= HEADER_HEIGHT;
		if (content.rows().isEmpty()) {
			centred("证明期间内没有服务记录", LEFT, RIGHT - LEFT, y - ROW_HEIGHT + 6.5f, size, GREY);
			y -= ROW_HEIGHT;
		}
		for (Row row : content.rows()) {
			String[] cells = { row.servedOn().toString(), row.content(), row.place() == null ? "—" : row.place(),
					hours(row.hours()), row.orgUnit() == null ? "—" : row.orgUnit() };
			x = LEFT;
			for (int i = 0; i < cells.length; i++) {
				// a long text is set smaller, down to MIN_CELL_SIZE, and only then
				// shortened
				float cellSize = Math.max(MIN_CELL_SIZE,
						Math.min(size, size * (WIDTHS[i] - 8) / width(cells[i], size)));
				String cell = fit(cells[i], cellSize, WIDTHS[i] - 8);
				if (i == 0 || i == 3) {
					centred(cell, x, WIDTHS[i], y - ROW_HEIGHT + 6.5f, cellSize, INK);
				}
				else {
					text(cell, x + 4, y - ROW_HEIGHT + 6.5f, cellSize, INK);
				}
				x += WIDTHS[i];
			}
			y -= ROW_HEIGHT;
		}
		// the total row
		text("合计", LEFT + 4, y - ROW_HEIGHT + 6.5f, 10, INK);
		text(content.records() + " 条记录", LEFT + WIDTHS[0] + 4, y - ROW_HEIGHT + 6.5f, 10, INK);
		float hoursX = LEFT + WIDTHS[0] + WIDTHS[1] + WIDTHS[2];
		centred(hours(content.totalHours()), hoursX, WIDTHS[3], y - ROW_HEIGHT + 6.5f, 10, INK);
		y -= ROW_HEIGHT;
		grid(top, y, content.rows().size());
		long more = content.records() - content.rows().size();
		if (more > 0) {
			y = text("另有 " + more + " 条服务记录未在表中列出，其时长已计入合计。", LEFT, y - 14, 9, GREY);
		}
		return y;
	}

	/**
	 * Lines of the table: its outline, a line under each row, the columns (the
	 * empty-table row spans them).
	 */
	private void grid(float top, float bottom, int rows) throws IOException {
		page.setStrokingColor(RULE[0], RULE[1], RULE[2]);
		page.setLineWidth(0.5f);
		float y = top - HEADER_HEIGHT;
		for (int i = 0; i <= Math.max(rows, 1); i++) {
			page.moveTo(LEFT, y);
			page.lineTo(RIGHT, y);
			y -= ROW_HEIGHT;
		}
		page.stroke();
		float x = LEFT;
		for (int i = 0; i < WIDTHS.length - 1; i++) {
			x += WIDTHS[i];
			page.moveTo(x, top);
			page.lineTo(x, top - HEADER_HEIGHT);
			if (rows > 0) {
				page.moveTo(x, top - HEADER_HEIGHT);
				page.lineTo(x, top - HEADER_HEIGHT - rows * ROW_HEIGHT);
			}
			if (i == 0 || i == 2 || i == 3) {
				// the total row: its label, the count, the hours
				page.moveTo(x, bottom + ROW_HEIGHT);
				page.lineTo(x, bottom);
			}
		}
		page.stroke();
		page.setStrokingColor(INK[0], INK[1], INK[2]);
		page.setLineWidth(1);
		page.addRect(LEFT, bottom, RIGHT - LEFT, top - bottom);
		page.stroke();
	}

	/**
	 * 特此证明, the QR code with the verification code, the issuer and the date under a seal,
	 * a footnote.
	 */
	private void closing(PDDocument document, Content content, float below) throws IOException {
		text("特此证明。", LEFT + 6, Math.max(238, below - 26), 12.5f, INK);

		float qrSize = 92;
		float qrX = LEFT + 4;
		float qrY = 96;
		qr(content.verificationUrl(), qrX, qrY, qrSize);
		float captionX = qrX + qrSize + 12;
		text("扫码核验证明真伪", captionX, qrY + 70, 10, INK);
		text("验证码：" + content.code(), captionX, qrY + 50, 10, INK);
		text("或访问下方核验地址查验", captionX, qrY + 30, 8.5f, GREY);
		text("核验地址：" + fit(content.verificationUrl(), 7.5f, RIGHT - LEFT - 60), qrX, qrY - 16, 7.5f, GREY);

		float issuerRight = RIGHT - 6;
		String issuer = fit(content.issuer(), 12.5f, 220);
		textRight("开具单位：" + issuer, issuerRight, 184, 12.5f, INK);
		textRight("开具日期：" + date(content.issuedAt().withZoneSameInstant(CHINA).toLocalDate()), issuerRight, 160, 12.5f,
				INK);
		seal(document, content.issuer(), issuerRight - 62, 150, 50);

		centred("本证明依据平台志愿服务记录开具，扫描二维码或访问核验地址可查验证书信息。", 0, PAGE_WIDTH, 44, 8, GREY);
	}

	/**
	 * The QR code of {@code text} as black squares (a vector drawing, sharp at any zoom),
	 * with no margin of its own.
	 */
	private void qr(String text, float x, float y, float size) throws IOException {
		BitMatrix matrix;
		try {
			Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
			hints.put(EncodeHintType.MARGIN, 0);
			hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
			hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
			matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
		}
		catch (WriterException ex) {
			throw new IOException("Cannot encode the verification address as a QR code", ex);
		}
		int modules = matrix.getWidth();
		float module = size / modules;
		page.setNonStrokingColor(0f, 0f, 0f);
		for (int row = 0; row < modules; row++) {
			int column = 0;
			while (column < modules) {
				if (!matrix.get(column, row)) {
					column++;
					continue;
				}
				int start = column;
				while (column < modules && matrix.get(column, row)) {
					column++;
				}
				// a run of dark modules as one rectangle, a hair taller so rows leave no
				// seam when rendered
				page.addRect(x + start * module, y + size - (row + 1) * module - 0.02f, (column - start) * module,
						module + 0.04f);
			}
		}
		page.fill();
	}

	/**
	 * A seal-like red mark over the issuer: a ring, the issuer's name along its upper
	 * arc, a star, and 志愿服务专用章 under it; translucent so the text beneath shows through.
	 */
	private void seal(PDDocument document, String issuer, float cx, float cy, float radius) throws IOException {
		PDExtendedGraphicsState translucent = new PDExtendedGraphicsState();
		translucent.setNonStrokingAlphaConstant(0.78f);
		translucent.setStrokingAlphaConstant(0.78f);
		page.saveGraphicsState();
		page.setGraphicsStateParameters(translucent);
		page.setStrokingColor(RED[0], RED[1], RED[2]);
		page.setNonStrokingColor(RED[0], RED[1], RED[2]);
		page.setLineWidth(2.6f);
		circle(cx, cy, radius);
		page.stroke();
		page.setLineWidth(0.6f);
		circle(cx, cy, radius - 4);
		page.stroke();
		star(cx, cy + 2, 13);
		page.fill();

		String name = sanitize(issuer);
		int[] chars = name.codePoints().toArray();
		if (chars.length > 24) {
			chars = Arrays.copyOf(chars, 24);
		}
		double span = Math.toRadians(chars.length <= 6 ? 150 : 230);
		float textRadius = radius - 8;
		float size = (float) Math.min(11, Math.max(5, (textRadius - 6) * span / Math.max(chars.length, 1) * 0.92));
		float baseline = textRadius - size;
		double step = (chars.length > 1) ? span / (chars.length - 1) : 0;
		double first = Math.PI / 2 + span / 2;
		page.beginText();
		page.setFont(font, size);
		for (int i = 0; i < chars.length; i++) {
			String character = new String(chars, i, 1);
			double angle = first - i * step;
			float half = width(character, size) / 2;
			double x = cx + baseline * Math.cos(angle) - half * Math.sin(angle);
			double y = cy + baseline * Math.sin(angle) + half * Math.cos(angle);
			page.setTextMatrix(Matrix.getRotateInstance(angle - Math.PI / 2, (float) x, (float) y));
			page.showText(character);
		}
		page.endText();
		String purpose = "志愿服务专用章";
		float purposeSize = 7.5f;
		page.beginText();
		page.setFont(font, purposeSize);
		page.newLineAtOffset(cx - width(purpose, purposeSize) / 2, cy - radius * 0.55f);
		page.showText(purpose);
		page.endText();
		page.restoreGraphicsState();
	}

	private void circle(float cx, float cy, float r) throws IOException {
		float k = 0.5523f * r;
		page.moveTo(cx + r, cy);
		page.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
		page.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
		page.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
		page.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
		page.closePath();
	}

	private void star(float cx, float cy, float r) throws IOException {
		float inner = r * 0.382f;
		for (int i = 0; i < 10; i++) {
			double angle = Math.PI / 2 + i * Math.PI / 5;
			float radius = (i % 2 == 0) ? r : inner;
			float x = (float) (cx + radius * Math.cos(angle));
			float y = (float) (cy + radius * Math.sin(angle));
			if (i == 0) {
				page.moveTo(x, y);
			}
			else {
				page.lineTo(x, y);
			}
		}
		page.closePath();
	}

	/** Writes one line at (x, y); returns the baseline of the next line. */
	private float text(String text, float x, float y, float size, float[] colour) throws IOException {
		page.beginText();
		page.setNonStrokingColor(colour[0], colour[1], colour[2]);
		page.setFont(font, size);
		page.newLineAtOffset(x, y);
		page.showText(sanitize(text));
		page.endText();
		return y - size * 1.6f;
	}

	private void textRight(String text, float right, float y, float size, float[] colour) throws IOException {
		text(text, right - width(text, size), y, size, colour);
	}

	private void centred(String text, float x, float width, float y, float size, float[] colour) throws IOException {
		text(text, x + (width - width(text, size)) / 2, y, size, colour);
	}

	private float width(String text, float size) throws IOException {
		return font.getStringWidth(sanitize(text)) / 1000 * size;
	}

	/** {@code text}, shortened with an ellipsis to fit {@code width}. */
	private String fit(String text, float size, float width) throws IOException {
		String clean = sanitize(text);
		if (width(clean, size) <= width) {
			return clean;
		}
		int[] chars = clean.codePoints().toArray();
		int length = chars.length;
		while (length > 0 && width(new String(chars, 0, length) + "…", size) > width) {
			length--;
		}
		return new String(chars, 0, length) + "…";
	}

	/**
	 * Characters the font has no glyph for (an emoji, say) become a question mark rather
	 * than failing the page.
	 */
	private String sanitize(String text) {
		StringBuilder clean = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> {
			if (Character.isISOControl(c) || glyphs.getGlyphId(c) == 0) {
				clean.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : '?');
			}
			else {
				clean.appendCodePoint(c);
			}
		});
		return clean.toString();
	}

	static String date(LocalDate date) {
		return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
	}

	/** Hours as people write them: 12.5, 3, 0.75. */
	static String hours(BigDecimal hours) {
		BigDecimal stripped = hours.stripTrailingZeros();
		return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
	}

}
