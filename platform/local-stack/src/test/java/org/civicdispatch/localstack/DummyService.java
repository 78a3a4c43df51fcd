package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a service jar in {@link LocalStackTests}: answers
 * {@code /actuator/health}, shows the environment the launcher gave it at {@code /env}
 * and runs out of heap at {@code /exhaust-memory}. JDK classes only, so it runs from a
 * one-class jar.
 */
public final class DummyService {

	private DummyService() {
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(System.getenv("SERVER_PORT"));
		HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
		boolean healthy = !Boolean.parseBoolean(System.getenv("DUMMY_NEVER_HEALTHY"));
		server.createContext("/actuator/health", exchange -> answer(exchange, healthy ? 200 : 503,
				healthy ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
		server.createContext("/env", exchange -> {
			StringBuilder body = new StringBuilder();
			new TreeMap<>(System.getenv()).forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
			answer(exchange, 200, body.toString());
		});
		// what a leak or an unbounded pile of work does: the heap runs out on a request
		// thread
		server.createContext("/exhaust-memory", exchange -> {
			java.util.List<byte[]> hoard = new java.util.ArrayList<>();
			while (true) {
				hoard.add(new byte[1 << 20]);
			}
		});
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
