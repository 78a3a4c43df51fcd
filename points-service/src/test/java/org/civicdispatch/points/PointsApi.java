package org.civicdispatch.points;

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
		WebTestClient.Builder builder = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
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
		return get(path).expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	Map<String, Object> postJson(String path, Object body, HttpStatus expected) {
		return post(path, body).expectStatus().isEqualTo(expected).expectBody(JSON_OBJECT).returnResult().getResponseBody();
	}

	Map<String, Object> postJson(String path, Object body, String idempotencyKey, HttpStatus expected) {
		return post(path, body, idempotencyKey).expectStatus()
			.isEqualTo(expected)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
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
			.exchangeToMono(response -> response.releaseBody().thenReturn(HttpStatus.valueOf(response.statusCode().value())));
	}

}
