package org.civicdispatch.benchmarks;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

/** The same fixed offered load on order-service directly, to see what the gateway adds. */
public class OrdersAtFixedRateDirect extends Simulation {

	{
		Fixture fixture = Fixture.get();
		setUp(Scenarios.placeOrder("place order direct at fixed rate", fixture, "HOUSEKEEPING", null)
			.injectOpen(constantUsersPerSec(Load.RATE).during(Load.SECONDS))
			.protocols(Scenarios.protocol(Fixture.DIRECT)));
	}

}
