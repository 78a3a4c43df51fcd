package org.civicdispatch.order.photo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/**
 * Photos as phones make them, with what phones put in them: EXIF with the GPS position of
 * the place, text chunks, and files that only pretend to be images.
 */
public final class TestImages {

	/** The GPS latitude written into test photos: 39° 54' 12.34" N, Beijing. */
	static final byte[] GPS_LATITUDE = HexFormat.of().parseHex("00000027000000010000003600000001000004d200000064");

	/** A 1×1 lossless WebP. */
	static final byte[] WEBP_1X1 = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

	private TestImages() {
	}

	public static byte[] jpeg(int width, int height) {
		return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
	}

	public static byte[] png(int width, int height) {
		return encode(picture(width, height, BufferedImage.TYPE_INT_ARGB), "png");
	}

	/**
	 * A JPEG with an EXIF segment (APP1) holding a GPS position, right after the start of
	 * image.
	 */
	public static byte[] jpegWithGps(int width, int height) {
		byte[] jpeg = jpeg(width, height);
		byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiffWithGps());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, 2);
		out.write(0xFF);
		out.write(0xE1);
		out.write((exif.length + 2) >>> 8);
		out.write((exif.length + 2) & 0xFF);
		out.writeBytes(exif);
		out.write(jpeg, 2, jpeg.length - 2);
		return out.toByteArray();
	}

	/**
	 * A PNG with an EXIF chunk holding a GPS position and a text chunk naming the place.
	 */
	public static byte[] pngWithGps(int width, int height) {
		byte[] png = png(width, height);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		// after the signature and IHDR (8 + 25 bytes)
		out.write(png, 0, 33);
		out.writeBytes(pngChunk("eXIf", tiffWithGps()));
		out.writeBytes(pngChunk("tEXt", "Location\0北关社区 3 号楼".getBytes(StandardCharsets.UTF_8)));
		out.write(png, 33, png.length - 33);
		return out.toByteArray();
	}

	/** An extended WebP (VP8X) with an EXIF chunk holding a GPS position. */
	public static byte[] webpWithGps() {
		byte[] vp8l = java.util.Arrays.copyOfRange(WEBP_1X1, 12, WEBP_1X1.length);
		byte[] vp8x = riffChunk("VP8X", new byte[] { 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
		byte[] exif = riffChunk("EXIF", tiffWithGps());
		byte[] body = concat("WEBP".getBytes(StandardCharsets.ISO_8859_1), concat(vp8x, concat(vp8l, exif)));
		ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		header.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length);
		return concat(header.array(), body);
	}

	/** A PDF whose file name says {@code .jpg}. */
	public static byte[] pdf() {
		return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	/** A JPEG's start glued to bytes that are no image: the header alone says JPEG. */
	public static byte[] jpegHeaderOnGarbage() {
		byte[] jpeg = jpeg(64, 64);
		byte[] garbage = new byte[4096];
		new java.util.Random(7).nextBytes(garbage);
		return concat(java.util.Arrays.copyOf(jpeg, 200), garbage);
	}

	/** {@code size} bytes that start like a JPEG. */
	public static byte[] largeFile(int size) {
		byte[] bytes = new byte[size];
		new java.util.Random(13).nextBytes(bytes);
		bytes[0] = (byte) 0xFF;
		bytes[1] = (byte) 0xD8;
		bytes[2] = (byte) 0xFF;
		return bytes;
	}

	/** True when the bytes carry the test GPS position anywhere. */
	public static boolean containsGps(byte[] bytes) {
		return indexOf(bytes, GPS_LATITUDE) >= 0;
	}

	/** The markers of a JPEG's segments before its image data (0xE1 is EXIF). */
	public static Set<Integer> jpegMarkers(byte[] b) {
		Set<Integer> markers = new LinkedHashSet<>();
		int i = 2;
		while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
			int marker = b[i + 1] & 0xFF;
			markers.add(marker);
			if (marker == 0xDA) {
				break;
			}
			i += 2 + (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF));
		}
		return markers;
	}

	public static BufferedImage read(byte[] bytes) {
		try {
			return ImageIO.read(new ByteArrayInputStream(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static BufferedImage picture(int width, int height, int type) {
		BufferedImage image = new BufferedImage(width, height, type);
		Graphics2D g = image.createGraphics();
		g.setColor(new Color(0xC8, 0x1E, 0x1E));
		g.fillRect(0, 0, width, height);
		g.setColor(Color.WHITE);
		g.fillOval(width / 4, height / 4, width / 2, height / 2);
		g.dispose();
		return image;
	}

	private static byte[] encode(BufferedImage image, String format) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, format, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * Big-endian TIFF: IFD0 points to a GPS IFD with GPSLatitudeRef N and GPSLatitude.
	 */
	private static byte[] tiffWithGps() {
		ByteBuffer t = ByteBuffer.allocate(80).order(ByteOrder.BIG_ENDIAN);
		t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
		// IFD0 at 8: one entry, GPSInfo (0x8825) LONG → 26
		t.putShort((short) 1).putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(26).putInt(0);
		// GPS IFD at 26: two entries
		t.putShort((short) 2);
		t.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] { 'N', 0, 0, 0 });
		t.putShort((short) 2).putShort((short) 5).putInt(3).putInt(56);
		t.putInt(0);
		t.put(GPS_LATITUDE);
		return java.util.Arrays.copyOf(t.array(), t.position());
	}

	private static byte[] pngChunk(String type, byte[] data) {
		ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
		byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		chunk.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
		return chunk.array();
	}

	private static byte[] riffChunk(String type, byte[] data) {
		ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
		chunk.put(type.getBytes(StandardCharsets.ISO_8859_1)).putInt(data.length).put(data);
		return chunk.array();
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, result, a.length, b.length);
		return result;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
