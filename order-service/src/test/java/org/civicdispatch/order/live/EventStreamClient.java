package org.civicdispatch.order.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A client of {@code GET /api/events/stream} as a browser's EventSource sees it: the raw
 * lines, parsed into frames (comment-only frames included), on a connection of its own.
 */
public final class EventStreamClient implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration WAIT = Duration.ofSeconds(20);

	/** One frame up to its blank line: an event, or only comments and settings. */
	public record Frame(String id, String event, String data, List<String> comments, long atMillis) {

		boolean isEvent() {
			return data != null;
		}

		public JsonNode json() {
			return JSON.readTree(data);
		}

		String orderId() {
			return json().get("id").asString();
		}

		String status() {
			return json().get("status").asString();
		}

	}

	private final CompletableFuture<Integer> status = new CompletableFuture<>();

	private final CompletableFuture<HttpHeaders> headers = new CompletableFuture<>();

	private final List<Frame> frames = new CopyOnWriteArrayList<>();

	private final StringBuilder body = new StringBuilder();

	private final StringBuilder pending = new StringBuilder();

	private final List<String> comments = new ArrayList<>();

	private final long started = System.currentTimeMillis();

	private String id;

	private String event;

	private StringBuilder data;

	private volatile boolean ended;

	private final Disposable connection;

	private EventStreamClient(String url, String token, String lastEventId) {
		connection = HttpClient.newConnection().headers(h -> {
			h.set("Accept", "text/event-stream");
			if (token != null) {
				h.set("Authorization", "Bearer " + token);
			}
			if (lastEventId != null) {
				h.set("Last-Event-ID", lastEventId);
			}
		}).get().uri(url).response((response, content) -> {
			headers.complete(response.responseHeaders());
			status.complete(response.status().code());
			return content.asString(StandardCharsets.UTF_8);
		}).subscribe(this::receive, error -> ended = true, () -> ended = true);
	}

	public static EventStreamClient open(String baseUrl, String token) {
		return new EventStreamClient(baseUrl + "/api/events/stream", token, null);
	}

	static EventStreamClient open(String baseUrl, String token, String lastEventId) {
		return new EventStreamClient(baseUrl + "/api/events/stream", token, lastEventId);
	}

	static EventStreamClient openUrl(String url, String token) {
		return new EventStreamClient(url, token, null);
	}

	/** Waits for the answer's status. */
	int status() {
		try {
			return status.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("No answer to the stream request", ex);
		}
	}

	HttpHeaders headers() {
		status();
		return headers.join();
	}

	/** Waits for a 200 and the first frame, which the service sends at once. */
	public EventStreamClient connected() {
		if (status() != 200) {
			throw new AssertionError("Stream answered " + status() + ": " + body());
		}
		await().atMost(WAIT).until(() -> !frames.isEmpty());
		return this;
	}

	synchronized String body() {
		return body.toString();
	}

	List<Frame> frames() {
		return List.copyOf(frames);
	}

	List<Frame> events() {
		return frames.stream().filter(Frame::isEvent).toList();
	}

	public List<Frame> events(String name, Object orderId) {
		return events().stream().filter(f -> name.equals(f.event()) && orderId.toString().equals(f.orderId())).toList();
	}

	/**
	 * The statuses of the {@code order} events about the order, in the order they came.
	 */
	List<String> statusesOf(Object orderId) {
		return events("order", orderId).stream().map(Frame::status).toList();
	}

	boolean ended() {
		return ended;
	}

	private synchronized void receive(String chunk) {
		body.append(chunk);
		pending.append(chunk);
		int newline;
		while ((newline = pending.indexOf("\n")) >= 0) {
			String line = pending.substring(0, newline);
			pending.delete(0, newline + 1);
			line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
		}
	}

	private void line(String line) {
		if (line.isEmpty()) {
			if (data != null || !comments.isEmpty() || id != null || event != null) {
				frames.add(new Frame(id, data == null ? null : event == null ? "message" : event,
						data == null ? null : data.toString(), List.copyOf(comments),
						System.currentTimeMillis() - started));
			}
			id = null;
			event = null;
			data = null;
			comments.clear();
			return;
		}
		if (line.startsWith(":")) {
			comments.add(line.substring(1));
			return;
		}
		int colon = line.indexOf(':');
		String field = colon < 0 ? line : line.substring(0, colon);
		String value = colon < 0 ? "" : line.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "id" -> id = value;
			case "event" -> event = value;
			case "data" -> data = (data == null ? new StringBuilder() : data.append('\n')).append(value);
			default -> {
			}
		}
	}

	@Override
	public void close() {
		connection.dispose();
	}

}
