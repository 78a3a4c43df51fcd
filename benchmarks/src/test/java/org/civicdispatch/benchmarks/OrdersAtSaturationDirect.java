package org.civicdispatch.benchmarks;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;

/** As many orders as order-service takes when called directly, the baseline for the gateway. */
public class OrdersAtSaturationDirect extends Simulation {

	{
		Fixture fixture = Fixture.get();
		setUp(Scenarios.placeOrder("place order direct at saturation", fixture, "HOUSEKEEPING", null)
			.injectClosed(constantConcurrentUsers(Load.CONCURRENCY).during(Load.SECONDS))
			.protocols(Scenarios.protocol(Fixture.DIRECT)));
	}

}
