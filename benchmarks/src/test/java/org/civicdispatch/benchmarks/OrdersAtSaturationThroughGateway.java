package org.civicdispatch.benchmarks;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;

/** As many orders as the platform takes through the gateway: a fixed number always in flight. */
public class OrdersAtSaturationThroughGateway extends Simulation {

	{
		Fixture fixture = Fixture.get();
		setUp(Scenarios.placeOrder("place order via gateway at saturation", fixture, "HOUSEKEEPING", null)
			.injectClosed(constantConcurrentUsers(Load.CONCURRENCY).during(Load.SECONDS))
			.protocols(Scenarios.protocol(Fixture.GATEWAY)));
	}

}
