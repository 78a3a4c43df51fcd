package org.civicdispatch.order.photo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Checks an uploaded photo, strips what it says about the camera and the place (EXIF with
 * GPS, XMP, text chunks), and makes the thumbnail lists show. The type is decided from
 * the bytes, and the whole image must decode as that type: a PDF renamed {@code .jpg}, or
 * a JPEG header glued to anything else, is refused. Blocking and CPU-bound: callers run
 * it off the request threads.
 */
final class PhotoImages {

	/** Thumbnails fit in this square, enough for a list on a phone with a 3× screen. */
	static final int THUMBNAIL_EDGE = 320;

	/**
	 * Larger images are decoded at a fraction of their size: enough to check them and
	 * make the thumbnail.
	 */
	static final int DECODE_EDGE = 1600;

	/**
	 * Width × height beyond which an image is refused (a few bytes can claim gigapixels).
	 */
	static final long MAX_PIXELS = 120_000_000L;

	static final String THUMBNAIL_TYPE = "image/jpeg";

	private PhotoImages() {
	}

	enum Format {

		JPEG("image/jpeg", "jpeg"), PNG("image/png", "png"), WEBP("image/webp", "webp");

		final String contentType;

		final String imageIoName;

		Format(String contentType, String imageIoName) {
			this.contentType = contentType;
			this.imageIoName = imageIoName;
		}

	}

	/**
	 * A photo fit to keep: its format, its bytes without metadata, and a JPEG thumbnail.
	 */
	record Checked(Format format, byte[] bytes, byte[] thumbnail) {
	}

	/** Thrown when the bytes are not a JPEG, PNG or WebP image that decodes. */
	static final class NotAnImageException extends Exception {

		NotAnImageException(String message) {
			super(message, null, false, false);
		}

	}

	static Checked check(byte[] upload) throws NotAnImageException {
		Format format = sniff(upload);
		if (format == null) {
			throw new NotAnImageException("unknown signature");
		}
		byte[] clean = switch (format) {
			case JPEG -> stripJpeg(upload);
			case PNG -> stripPng(upload);
			case WEBP -> stripWebp(upload);
		};
		BufferedImage image = decode(clean, format);
		return new Checked(format, clean, thumbnail(image));
	}

	static Format sniff(byte[] b) {
		if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
			return Format.JPEG;
		}
		if (b.length >= 8
				&& Arrays.equals(b, 0, 8, new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }, 0, 8)) {
			return Format.PNG;
		}
		if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
			return Format.WEBP;
		}
		return null;
	}

	private static BufferedImage decode(byte[] bytes, Format format) throws NotAnImageException {
		Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName);
		if (!readers.hasNext()) {
			throw new IllegalStateException("No ImageIO reader for " + format);
		}
		ImageReader reader = readers.next();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			reader.setInput(in, true, true);
			long width = reader.getWidth(0);
			long height = reader.getHeight(0);
			if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
				throw new NotAnImageException("size " + width + "x" + height);
			}
			ImageReadParam param = reader.getDefaultReadParam();
			int step = (int) Math.max(1, Math.max(width, height) / DECODE_EDGE);
			param.setSourceSubsampling(step, step, 0, 0);
			BufferedImage image = reader.read(0, param);
			if (image == null) {
				throw new NotAnImageException("no image");
			}
			return image;
		}
		catch (IOException | RuntimeException ex) {
			throw new NotAnImageException(String.valueOf(ex.getMessage()));
		}
		finally {
			reader.dispose();
		}
	}

	/**
	 * The image scaled into {@link #THUMBNAIL_EDGE}, on white where it was transparent,
	 * as a JPEG.
	 */
	static byte[] thumbnail(BufferedImage image) {
		double scale = Math.min(1.0, (double) THUMBNAIL_EDGE / Math.max(image.getWidth(), image.getHeight()));
		int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
		int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
		BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = thumbnail.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			g.drawImage(image, 0, 0, width, height, null);
		}
		finally {
			g.dispose();
		}
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(0.8f);
			writer.write(null, new IIOImage(thumbnail, null, null), param);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write a thumbnail", ex);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	// ---- metadata: the segments and chunks that carry EXIF (with GPS), XMP, IPTC and
	// text go

	/**
	 * Keeps a JPEG's image segments and drops APP1 (EXIF, XMP), APP3–APP13 and APP15
	 * (IPTC and vendors' notes) and comments; APP0 (JFIF), APP2 (ICC colour profile) and
	 * APP14 (Adobe colour transform) stay, since they change how the pixels look.
	 */
	static byte[] stripJpeg(byte[] b) throws NotAnImageException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
		out.write(b, 0, 2);
		int i = 2;
		while (i < b.length) {
			if ((b[i] & 0xFF) != 0xFF || i + 1 >= b.length) {
				throw new NotAnImageException("bad JPEG segment");
			}
			int marker = b[i + 1] & 0xFF;
			if (marker == 0xFF) {
				i++;
				continue;
			}
			if (marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
				out.write(b, i, 2);
				i += 2;
				if (marker == 0xD9) {
					break;
				}
				continue;
			}
			if (i + 4 > b.length) {
				throw new NotAnImageException("truncated JPEG");
			}
			int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
			int end = i + 2 + length;
			if (length < 2 || end > b.length) {
				throw new NotAnImageException("truncated JPEG segment");
			}
			if (marker == 0xDA) {
				// start of scan: the entropy-coded data and everything after it
				out.write(b, i, b.length - i);
				break;
			}
			boolean app = marker >= 0xE0 && marker <= 0xEF;
			boolean keep = !app ? marker != 0xFE : marker == 0xE0 || marker == 0xE2 || marker == 0xEE;
			if (keep) {
				out.write(b, i, end - i);
			}
			i = end;
		}
		return out.toByteArray();
	}

	private static final Set<String> PNG_METADATA = Set.of("eXIf", "tEXt", "zTXt", "iTXt", "tIME");

	/** Keeps a PNG's chunks but EXIF, text and time. */
	static byte[] stripPng(byte[] b) throws NotAnImageException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
		out.write(b, 0, 8);
		int i = 8;
		while (i < b.length) {
			if (i + 12 > b.length) {
				throw new NotAnImageException("truncated PNG");
			}
			long length = readInt(b, i) & 0xFFFFFFFFL;
			long end = i + 12 + length;
			if (end > b.length) {
				throw new NotAnImageException("truncated PNG chunk");
			}
			String type = ascii(b, i + 4, 4);
			if (!PNG_METADATA.contains(type)) {
				out.write(b, i, (int) (end - i));
			}
			i = (int) end;
			if (type.equals("IEND")) {
				break;
			}
		}
		return out.toByteArray();
	}

	/**
	 * Keeps a WebP's chunks but EXIF and XMP, and clears their flags in the extended
	 * header.
	 */
	static byte[] stripWebp(byte[] b) throws NotAnImageException {
		long riffEnd = Math.min(b.length, 8 + (readIntLe(b, 4) & 0xFFFFFFFFL));
		ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
		out.write(b, 0, 12);
		int i = 12;
		while (i + 8 <= riffEnd) {
			String type = ascii(b, i, 4);
			long size = readIntLe(b, i + 4) & 0xFFFFFFFFL;
			long end = i + 8 + size + (size & 1);
			if (i + 8 + size > riffEnd) {
				throw new NotAnImageException("truncated WebP chunk");
			}
			end = Math.min(end, riffEnd);
			if (!type.equals("EXIF") && !type.equals("XMP ")) {
				byte[] chunk = Arrays.copyOfRange(b, i, (int) end);
				if (type.equals("VP8X") && size >= 1) {
					chunk[8] &= (byte) ~0x0C;
				}
				out.write(chunk, 0, chunk.length);
			}
			i = (int) end;
		}
		byte[] result = out.toByteArray();
		int riffSize = result.length - 8;
		result[4] = (byte) riffSize;
		result[5] = (byte) (riffSize >>> 8);
		result[6] = (byte) (riffSize >>> 16);
		result[7] = (byte) (riffSize >>> 24);
		return result;
	}

	private static int readInt(byte[] b, int at) {
		return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
	}

	private static int readIntLe(byte[] b, int at) {
		return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) | ((b[at + 2] & 0xFF) << 16) | ((b[at + 3] & 0xFF) << 24);
	}

	private static String ascii(byte[] b, int at, int length) {
		return new String(b, at, length, StandardCharsets.ISO_8859_1);
	}

}
