package org.civicdispatch.benchmarks;

import java.time.Duration;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The whole mission loop per virtual user, through the gateway: a resident places an order, it is
 * dispatched, the team leader accepts, starts and completes it, the resident and staff evaluate it
 * (which awards points in points-service). {@code run.sh} measures what one loop costs the stack —
 * CPU, transactions and statements, WAL, database and Kafka bytes — for docs/SCALE.md.
 */
public class OrderLifecycle extends Simulation {

	/** Loops in flight at once: a steady, not a saturating, load. */
	private static final int IN_FLIGHT = Integer.getInteger("lifecycleConcurrency", 16);

	{
		Fixture fixture = Fixture.get();
		String leader = "Bearer " + fixture.volunteerToken;
		String resident = "Bearer #{residentToken}";
		String staff = "Bearer " + fixture.adminToken;
		ChainBuilder waitForDispatch = exec(session -> session.set("status", "PLACED").set("polls", 0))
			.exec(asLongAs(session -> !"DISPATCHED".equals(session.getString("status")) && session.getInt("polls") < 150)
				.on(pause(Duration.ofMillis(200))
					.exec(http("read order").get("/api/orders/#{orderId}")
						.header("Authorization", resident)
						.check(status().is(200), jsonPath("$.status").saveAs("status")))
					.exec(session -> session.set("polls", session.getInt("polls") + 1))));
		ScenarioBuilder loop = scenario("order lifecycle").exec(fixture::nextPlacer).exec(http("place").post("/api/orders")
			.header("Authorization", resident)
			.header("Idempotency-Key", "#{randomUuid()}")
			.body(StringBody(Fixture.orderJson("#{stationId}", "ELDERLY")))
			.check(status().is(201), jsonPath("$.id").saveAs("orderId")))
			.exec(waitForDispatch)
			.exec(http("accept").post("/api/orders/#{orderId}/accept")
				.header("Authorization", leader)
				.body(StringBody("{\"volunteerIds\":[\"" + fixture.leaderId + "\"]}"))
				.check(status().is(200)))
			.exec(http("start").post("/api/orders/#{orderId}/start").header("Authorization", leader).check(status().is(200)))
			.exec(http("complete").post("/api/orders/#{orderId}/complete")
				.header("Authorization", leader)
				.body(StringBody("{\"summary\":\"已陪老人买菜\",\"hours\":[{\"volunteerId\":\"" + fixture.leaderId
						+ "\",\"hours\":2}]}"))
				.check(status().is(200)))
			.exec(http("resident evaluation").post("/api/orders/#{orderId}/evaluations")
				.header("Authorization", resident)
				.body(StringBody("{\"rating\":5,\"comment\":\"很好\"}"))
				.check(status().is(200)))
			.exec(http("staff evaluation").post("/api/orders/#{orderId}/evaluations")
				.header("Authorization", staff)
				.body(StringBody("{\"rating\":5}"))
				.check(status().is(200), jsonPath("$.status").is("EVALUATED")));
		setUp(loop.injectClosed(constantConcurrentUsers(IN_FLIGHT).during(Load.SECONDS))
			.protocols(Scenarios.protocol(Fixture.GATEWAY)));
	}

}
