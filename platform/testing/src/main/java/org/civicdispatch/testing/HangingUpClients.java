package org.civicdispatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients that hang up mid-request, the way phones on mobile networks do: each opens a
 * connection, sends one request and closes the socket with a TCP reset a moment later,
 * mostly before the answer has come and sometimes while it streams. The delays are spread
 * from nothing to a few milliseconds, so the hang-ups land in every phase of the request:
 * while the token is checked, while the service waits for a pooled connection, while a
 * query runs or its rows stream, inside a transaction, while the answer is written.
 * <p>
 * Seeded, so a run hangs up at the same moments as the last one with the same seed (as
 * far as the scheduler lets it).
 */
public final class HangingUpClients {

	/**
	 * How long a client waits to connect, and at most for the first bytes of an answer.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final int port;

	private final int concurrency;

	private final long seed;

	private HangingUpClients(int port, int concurrency, long seed) {
		this.port = port;
		this.concurrency = concurrency;
		this.seed = seed;
	}

	/**
	 * Clients of the server on {@code 127.0.0.1:port}, 32 at a time (as
	 * {@code wrk -c32}).
	 */
	public static HangingUpClients of(int port) {
		return new HangingUpClients(port, 32, 9L);
	}

	/**
	 * One request a client sends before it hangs up; {@code token} and {@code json} may
	 * be null.
	 */
	public record Call(String method, String path, String token, String json) {

		public static Call get(String path) {
			return new Call("GET", path, null, null);
		}

		public static Call get(String path, String token) {
			return new Call("GET", path, token, null);
		}

		public static Call post(String path, String token, String json) {
			return new Call("POST", path, token, json);
		}

		public static Call put(String path, String token, String json) {
			return new Call("PUT", path, token, json);
		}

		public static Call patch(String path, String token, String json) {
			return new Call("PATCH", path, token, json);
		}

		public static Call delete(String path, String token) {
			return new Call("DELETE", path, token, null);
		}

		byte[] bytes() {
			byte[] body = (this.json == null) ? new byte[0] : this.json.getBytes(StandardCharsets.UTF_8);
			StringBuilder head = new StringBuilder().append(this.method)
				.append(' ')
				.append(this.path)
				.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n");
			if (this.token != null) {
				head.append("Authorization: Bearer ").append(this.token).append("\r\n");
			}
			if (this.json != null) {
				head.append("Content-Type: application/json\r\n");
			}
			if (this.json != null || !"GET".equals(this.method)) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
			byte[] all = new byte[headBytes.length + body.length];
			System.arraycopy(headBytes, 0, all, 0, headBytes.length);
			System.arraycopy(body, 0, all, headBytes.length, body.length);
			return all;
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/**
	 * What happened: how many clients hung up before any byte of the answer had come, how
	 * many as its first bytes came, how many found (part of) the answer already there,
	 * and how many could not even connect.
	 */
	public record Report(int sent, int beforeAnswer, int duringAnswer, int afterAnswer, int failedToConnect) {

		@Override
		public String toString() {
			return "%d requests: %d hung up before the answer, %d while it came, %d after it, %d could not connect"
				.formatted(this.sent, this.beforeAnswer, this.duringAnswer, this.afterAnswer, this.failedToConnect);
		}

	}

	/**
	 * Sends {@code total} requests, going round {@code calls}, each from a new connection
	 * that hangs up soon after, and returns once every connection is closed.
	 */
	public Report hangUp(List<Call> calls, int total) {
		AtomicInteger before = new AtomicInteger();
		AtomicInteger during = new AtomicInteger();
		AtomicInteger after = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		List<byte[]> requests = calls.stream().map(Call::bytes).toList();
		Random random = new Random(this.seed);
		ExecutorService clients = Executors.newFixedThreadPool(this.concurrency, runnable -> {
			Thread thread = new Thread(runnable, "hanging-up-client");
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<?>> sent = new ArrayList<>(total);
			for (int i = 0; i < total; i++) {
				byte[] request = requests.get(i % requests.size());
				Moment moment = Moment.pick(random);
				sent.add(clients.submit(() -> {
					switch (once(request, moment)) {
						case BEFORE_ANSWER -> before.incrementAndGet();
						case DURING_ANSWER -> during.incrementAndGet();
						case AFTER_ANSWER -> after.incrementAndGet();
						case NO_CONNECTION -> failed.incrementAndGet();
					}
				}));
			}
			for (Future<?> future : sent) {
				future.get(1, TimeUnit.MINUTES);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("The hanging-up clients did not finish", ex);
		}
		finally {
			clients.shutdownNow();
		}
		return new Report(total, before.get(), during.get(), after.get(), failed.get());
	}

	/**
	 * When a client hangs up: after a delay, or as soon as the first bytes of the answer
	 * come.
	 */
	private record Moment(long delayNanos, boolean atFirstByte) {

		static Moment pick(Random random) {
			int kind = random.nextInt(10);
			if (kind == 0) {
				return new Moment(0, false);
			}
			if (kind == 1) {
				return new Moment(0, true);
			}
			// up to 4 ms, more often short than long
			double r = random.nextDouble();
			return new Moment((long) (r * r * 4_000_000), false);
		}

	}

	private enum Outcome {

		BEFORE_ANSWER, DURING_ANSWER, AFTER_ANSWER, NO_CONNECTION

	}

	private Outcome once(byte[] request, Moment moment) {
		try (Socket socket = new Socket()) {
			try {
				socket.setTcpNoDelay(true);
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), (int) TIMEOUT.toMillis());
			}
			catch (IOException ex) {
				return Outcome.NO_CONNECTION;
			}
			// a reset, not a polite FIN, when the socket closes: the server learns at
			// once, as when a
			// phone loses its network
			socket.setSoLinger(true, 0);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(request);
			out.flush();
			if (moment.atFirstByte()) {
				socket.setSoTimeout((int) TIMEOUT.toMillis());
				try {
					return (in.read() < 0) ? Outcome.AFTER_ANSWER : Outcome.DURING_ANSWER;
				}
				catch (SocketTimeoutException ex) {
					return Outcome.BEFORE_ANSWER;
				}
			}
			if (moment.delayNanos() > 0) {
				LockSupport.parkNanos(moment.delayNanos());
			}
			return (in.available() == 0) ? Outcome.BEFORE_ANSWER : Outcome.AFTER_ANSWER;
		}
		catch (IOException ex) {
			// the server closed first (it answered and hung up itself)
			return Outcome.AFTER_ANSWER;
		}
	}

	/**
	 * A plain GET on a new connection, which must be answered within {@code within}:
	 * throws {@link AssertionError} when it is not. {@code token} may be null.
	 */
	public static HttpResponse<String> answerWithin(Duration within, int port, String path, String token) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(within).build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(within)
			.header("Accept", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		long start = System.nanoTime();
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + path + " got no answer within " + within + " (after "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms): " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			client.close();
		}
	}

}
