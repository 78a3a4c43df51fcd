package org.civicdispatch.benchmarks;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
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
			.check(status().is(201), jsonPath("$.id").saveAs("orderId")))
			.exec(session -> {
				if (placed != null && session.contains("orderId")) {
					placed.add(session.getString("orderId"));
				}
				return session;
			});
	}

	static ScenarioBuilder redeem(String name, Fixture fixture) {
		return scenario(name).exec(http(name).post("/api/store/redemptions")
			.header("Authorization", "Bearer " + fixture.volunteerToken)
			.header("Idempotency-Key", "#{randomUuid()}")
			.body(StringBody("{\"itemId\":\"" + fixture.itemId + "\",\"quantity\":1}"))
			.check(status().is(201)));
	}

	static Queue<String> newQueue() {
		return new ConcurrentLinkedQueue<>();
	}

}
