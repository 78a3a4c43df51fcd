package org.civicdispatch.benchmarks;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** The requests the simulations send: placing an order and redeeming an item. */
final class Scenarios {

	private Scenarios() {
	}

	static HttpProtocolBuilder protocol(String baseUrl) {
		return http.baseUrl(baseUrl)
			.acceptHeader("application/json")
			.contentTypeHeader("application/json")
			.shareConnections()
			.disableCaching();
	}

	/** One order per virtual user, from the next (resident, station) pair; with {@code placed} given, the new order ids are collected. */
	static ScenarioBuilder placeOrder(String name, Fixture fixture, String category, Queue<String> placed) {
		return scenario(name).exec(fixture::nextPlacer).exec(http(name).post("/api/orders")
			.header("Authorization", "Bearer #{residentToken}")
			.header("Idempotency-Key", "#{randomUuid()}")
			.body(StringBody(Fixture.orderJson("#{stationId}", category)))
			.check(status().saveAs("httpStatus"), status().is(201), jsonPath("$.id").saveAs("orderId")))
			.exec(session -> {
				if (placed != null && session.contains("orderId")) {
					placed.add(session.getString("orderId"));
				}
				return session;
			})
			.exec(honourRetryAfter());
	}

	/**
	 * A refused client waits as the answer's {@code Retry-After} (1 s) says before its next request,
	 * as the apps do: at saturation a virtual user that was refused does not come straight back.
	 */
	private static ChainBuilder honourRetryAfter() {
		return doIf((session) -> session.contains("httpStatus")
				&& (session.getInt("httpStatus") == 503 || session.getInt("httpStatus") == 429))
			.then(pause(Duration.ofSeconds(1)));
	}

	static ScenarioBuilder redeem(String name, Fixture fixture) {
		return scenario(name).exec(http(name).post("/api/store/redemptions")
			.header("Authorization", "Bearer " + fixture.volunteerToken)
			.header("Idempotency-Key", "#{randomUuid()}")
			.body(StringBody("{\"itemId\":\"" + fixture.itemId + "\",\"quantity\":1}"))
			.check(status().saveAs("httpStatus"), status().is(201)))
			.exec(honourRetryAfter());
	}

	static Queue<String> newQueue() {
		return new ConcurrentLinkedQueue<>();
	}

}
