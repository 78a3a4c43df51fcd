package org.civicdispatch.volunteer.certificate;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The CJK font the certificate is written in: WenQuanYi Zen Hei from Debian's
 * {@code fonts-wqy-zenhei} (a TrueType collection), at {@code civic.certificate.font}. It
 * is opened for each certificate and embedded as a subset, so nothing is shared between
 * requests. Without the file the service still starts, warns once, and the certificate is
 * a 503.
 */
@Component
class CertificateFont {

	static final String DEFAULT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

	static final String PACKAGE = "fonts-wqy-zenhei";

	static final String MISSING = "证书字体未安装（" + PACKAGE + "）";

	/**
	 * The face of the collection the certificate uses; the first one when a file holds no
	 * face of that name.
	 */
	private static final String FACE = "WenQuanYiZenHei";

	private static final Logger log = LoggerFactory.getLogger(CertificateFont.class);

	private final Path path;

	CertificateFont(@Value("${civic.certificate.font:" + DEFAULT_PATH + "}") Path path) {
		this.path = path;
		if (!installed()) {
			log.warn("Certificate font {} not found: install Debian's {} (apt-get install {}) or set "
					+ "civic.certificate.font; until then GET /api/volunteers/{userId}/certificate.pdf answers 503",
					path, PACKAGE, PACKAGE);
		}
	}

	boolean installed() {
		return Files.isReadable(path);
	}

	/**
	 * Opens the font file; close the collection once the document using a font of it is
	 * saved.
	 */
	Opened open() throws IOException {
		if (!installed()) {
			throw new FontMissingException();
		}
		String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".ttf")) {
			TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(path.toFile()));
			return new Opened(font, font);
		}
		TrueTypeCollection collection = new TrueTypeCollection(path.toFile());
		try {
			TrueTypeFont font = collection.getFontByName(FACE);
			if (font == null) {
				TrueTypeFont[] first = new TrueTypeFont[1];
				collection.processAllFonts((each) -> {
					if (first[0] == null) {
						first[0] = each;
					}
				});
				font = first[0];
			}
			if (font == null) {
				throw new IOException("No font in " + path);
			}
			return new Opened(font, collection);
		}
		catch (IOException | RuntimeException ex) {
			collection.close();
			throw ex;
		}
	}

	/** A font and what must be closed after the document is saved. */
	record Opened(TrueTypeFont font, Closeable source) implements Closeable {

		@Override
		public void close() throws IOException {
			source.close();
		}

	}

}
