package org.civicdispatch.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.fail;

/**
 * Plain HTTP/1.1 on one socket, as a pool or a browser keeps it: each request sent the
 * moment the last answer is read.
 */
final class KeptAlive {

	private KeptAlive() {
	}

	/** Sends one GET and reads its whole answer; its status line and headers. */
	static String get(Socket socket, String path, String token) throws IOException {
		String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
				+ ((token != null) ? "Authorization: Bearer " + token + "\r\n" : "") + "\r\n";
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		try {
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
				readChunks(in);
			}
			else {
				int length = head.lines()
					.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
					.mapToInt((line) -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
					.findFirst()
					.orElse(0);
				in.readNBytes(length);
			}
			return head;
		}
		catch (SocketTimeoutException ex) {
			return fail("GET " + path + " was not answered within " + socket.getSoTimeout()
					+ " ms on a connection kept alive");
		}
	}

	private static String readHead(InputStream in) throws IOException {
		return new String(readUntilBlankLine(in), StandardCharsets.US_ASCII);
	}

	private static void readChunks(InputStream in) throws IOException {
		while (true) {
			String size = readLine(in);
			int length = Integer.parseInt(size.split(";")[0].trim(), 16);
			if (length == 0) {
				readUntilBlankLine(in); // trailers, if any, and the last CRLF
				return;
			}
			in.readNBytes(length);
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("the server closed the connection");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * Reads up to and including an empty line (the end of the headers, or of the trailers
	 * after the last chunk).
	 */
	private static byte[] readUntilBlankLine(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("the server closed the connection: " + bytes.toString(StandardCharsets.US_ASCII));
			}
			bytes.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
			if (matched == 2 && bytes.size() == 2) {
				return bytes.toByteArray(); // an empty line right away
			}
		}
		return bytes.toByteArray();
	}

}
