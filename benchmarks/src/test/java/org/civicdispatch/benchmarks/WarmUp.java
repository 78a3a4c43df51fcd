package org.civicdispatch.benchmarks;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

/** Gets the JIT and the connection pools going before anything is measured; not reported. */
public class WarmUp extends Simulation {

	{
		Fixture fixture = Fixture.get();
		int seconds = Load.WARMUP_SECONDS;
		setUp(Scenarios.placeOrder("warm-up orders via gateway", fixture, "CULTURE", null)
			.injectOpen(constantUsersPerSec(100).during(seconds))
			.protocols(Scenarios.protocol(Fixture.GATEWAY)),
				Scenarios.placeOrder("warm-up orders direct", fixture, "CULTURE", null)
					.injectOpen(constantUsersPerSec(50).during(seconds))
					.protocols(Scenarios.protocol(Fixture.DIRECT)),
				Scenarios.redeem("warm-up redemptions", fixture)
					.injectOpen(constantUsersPerSec(30).during(seconds))
					.protocols(Scenarios.protocol(Fixture.GATEWAY)));
	}

}
