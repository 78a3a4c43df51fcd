package org.civicdispatch.points;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** points-service over real HTTP, as one caller (or nobody). */
final class PointsApi {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final String baseUrl;

	private final String token;

	private final WebTestClient client;

	PointsApi(int port) {
		this("http://localhost:" + port, null);
	}

	private PointsApi(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
		WebTestClient.Builder builder = WebTestClient
			.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30));
		if (token != null) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		this.client = builder.build();
	}

	PointsApi as(Person person) {
		return new PointsApi(baseUrl, person.token());
	}

	PointsApi anonymous() {
		return new PointsApi(baseUrl, null);
	}

	WebTestClient.ResponseSpec get(String path) {
		return client.get().uri(path).exchange();
	}

	WebTestClient.ResponseSpec post(String path, Object body) {
		return client.post().uri(path).bodyValue(body).exchange();
	}

	WebTestClient.ResponseSpec post(String path, Object body, String idempotencyKey) {
		return client.post().uri(path).header("Idempotency-Key", idempotencyKey).bodyValue(body).exchange();
	}

	WebTestClient.ResponseSpec put(String path, Object body) {
		return client.put().uri(path).bodyValue(body).exchange();
	}

	Map<String, Object> getJson(String path) {
		return get(path).expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
	}

	List<Map<String, Object>> getList(String path) {
		return get(path).expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
		}).returnResult().getResponseBody();
	}

	Map<String, Object> postJson(String path, Object body, HttpStatus expected) {
		return post(path, body).expectStatus()
			.isEqualTo(expected)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	Map<String, Object> postJson(String path, Object body, String idempotencyKey, HttpStatus expected) {
		return post(path, body, idempotencyKey).expectStatus()
			.isEqualTo(expected)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * POSTs a JSON body with one extra header written byte for byte (ISO-8859-1) on a
	 * plain socket, as a careless or hostile client might, where HTTP clients refuse to
	 * send it; answers the status code.
	 */
	int postWithRawHeader(String path, String json, String headerName, String headerValue) {
		URI uri = URI.create(baseUrl);
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		StringBuilder request = new StringBuilder().append("POST ")
			.append(path)
			.append(" HTTP/1.1\r\n")
			.append("Host: ")
			.append(uri.getHost())
			.append(':')
			.append(uri.getPort())
			.append("\r\n")
			.append("Content-Type: application/json\r\n")
			.append("Content-Length: ")
			.append(body.length)
			.append("\r\n")
			.append("Connection: close\r\n");
		if (token != null) {
			request.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		request.append(headerName).append(": ").append(headerValue).append("\r\n\r\n");
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream statusLine = new ByteArrayOutputStream();
			for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				statusLine.write(b);
			}
			String line = statusLine.toString(StandardCharsets.ISO_8859_1);
			if (!line.startsWith("HTTP/1.1 ")) {
				throw new IllegalStateException("Not an HTTP answer: '" + line + "'");
			}
			return Integer.parseInt(line.substring(9, 12));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends without waiting, for concurrent requests; answers the status. */
	Mono<HttpStatus> postAsync(String path, Object body) {
		return postAsync(path, body, null);
	}

	Mono<HttpStatus> postAsync(String path, Object body, String idempotencyKey) {
		WebClient.RequestBodySpec request = WebClient.create(baseUrl)
			.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return request.bodyValue(body)
			.exchangeToMono(
					response -> response.releaseBody().thenReturn(HttpStatus.valueOf(response.statusCode().value())));
	}

}
