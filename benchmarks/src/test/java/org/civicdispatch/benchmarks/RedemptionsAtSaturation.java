package org.civicdispatch.benchmarks;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;

/** As many redemptions as the points store takes through the gateway (one volunteer, one item). */
public class RedemptionsAtSaturation extends Simulation {

	{
		Fixture fixture = Fixture.get();
		setUp(Scenarios.redeem("redeem via gateway at saturation", fixture)
			.injectClosed(constantConcurrentUsers(Load.CONCURRENCY).during(Load.SECONDS))
			.protocols(Scenarios.protocol(Fixture.GATEWAY)));
	}

}
