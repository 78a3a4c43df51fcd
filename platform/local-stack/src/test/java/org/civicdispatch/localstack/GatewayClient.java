package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mission flow's only way in: plain HTTP against the gateway, JSON in and out. */
final class GatewayClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	GatewayClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	Answer get(String path, String token) {
		return send("GET", path, token, null, Map.of());
	}

	Answer post(String path, String token, Object body) {
		return send("POST", path, token, body, Map.of());
	}

	Answer post(String path, String token, Object body, Map<String, String> headers) {
		return send("POST", path, token, body, headers);
	}

	Answer put(String path, String token, Object body) {
		return send("PUT", path, token, body, Map.of());
	}

	Answer get(String path, String token, Map<String, String> headers) {
		return send("GET", path, token, null, headers);
	}

	Answer delete(String path, String token) {
		return send("DELETE", path, token, null, Map.of());
	}

	/**
	 * A body sent exactly as given: JSON a serializer would never write (raw numbers,
	 * duplicate keys, control characters).
	 */
	Answer raw(String method, String path, String token, String json, Map<String, String> headers) {
		return send(method, path, token, new RawJson(json), headers);
	}

	/** Logs in and returns the access token. */
	/**
	 * {@code POST} of one file as the multipart field {@code file}, as a browser's form
	 * sends it.
	 */
	Answer upload(String path, String token, String filename, String contentType, byte[] bytes) {
		String boundary = "civic-" + java.util.UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArrays(java.util.List.of(head, bytes, tail)))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer("POST " + path, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(""), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("POST " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The bytes of a {@code GET} (an image), or an assertion error naming the status when
	 * it is not 200.
	 */
	HttpResponse<byte[]> download(String path, String token) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String login(String phone, String password) {
		Answer answer = post("/api/auth/login", null, Map.of("phone", phone, "password", password)).expect(200);
		return answer.json().get("accessToken").asString();
	}

	private Answer send(String method, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, application/problem+json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers
					.ofString((body instanceof RawJson raw) ? raw.text() : JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			// as a well-behaved client: the public paths are rate-limited per address,
			// and every call here is from one
			// (a raw request is an adversary's: it sees its 429 as it is)
			for (int attempt = 0; response.statusCode() == 429 && !(body instanceof RawJson)
					&& attempt < 20; attempt++) {
				Thread.sleep(1000 * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
				response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			return new Answer(method + " " + path, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(""), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record RawJson(String text) {
	}

	record Answer(String request, int status, String contentType, String body) {

		JsonNode json() {
			return (this.body == null || this.body.isBlank()) ? JSON.missingNode() : JSON.readTree(this.body);
		}

		/**
		 * Fails with the whole answer in the message unless the status is the expected
		 * one.
		 */
		Answer expect(int expected) {
			if (this.status != expected) {
				throw new AssertionError(
						this.request + " answered " + this.status + " (expected " + expected + "): " + this.body);
			}
			return this;
		}

		String id() {
			return json().get("id").asString();
		}

	}

}
