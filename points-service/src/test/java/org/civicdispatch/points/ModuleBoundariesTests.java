package org.civicdispatch.points;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * points-service's packages as Spring Modulith sees them: each package under
 * {@code org.civicdispatch.points} is a module, and {@code verify()} fails on a cycle
 * between them or on one package using another's internals. (A type another package may
 * not use is package-private, so the compiler refuses that use first.)
 */
class ModuleBoundariesTests {

	static final ApplicationModules MODULES = ApplicationModules.of(PointsServiceApplication.class);

	@Test
	void noPackageDependsOnAnotherInACycleOrUsesItsInternals() {
		MODULES.verify();
	}

	@Test
	void everyPackageIsAModuleTheCheckCovers() {
		assertThat(MODULES.stream().map(ApplicationModule::getName)).contains("earning", "ledger", "people", "stats",
				"store");
	}

	@Test
	void theLedgerKnowsNothingOfWhatPointsAreEarnedOrSpentFor() {
		ApplicationModule ledger = MODULES.getModuleByName("ledger").orElseThrow();
		assertThat(ledger.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName))
			.doesNotContain("earning", "store");
	}

}
