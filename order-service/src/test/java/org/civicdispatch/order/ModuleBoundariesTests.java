package org.civicdispatch.order;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-service's packages as Spring Modulith sees them: each package under
 * {@code org.civicdispatch.order} is a module, and {@code verify()} fails on a cycle
 * between them or on one package using another's internals. (A type another package may
 * not use is package-private, so the compiler refuses that use first.)
 */
class ModuleBoundariesTests {

	static final ApplicationModules MODULES = ApplicationModules.of(OrderServiceApplication.class);

	@Test
	void noPackageDependsOnAnotherInACycleOrUsesItsInternals() {
		MODULES.verify();
	}

	@Test
	void everyPackageIsAModuleTheCheckCovers() {
		assertThat(MODULES.stream().map(ApplicationModule::getName)).contains("catalog", "checkin", "dispatch",
				"evaluation", "live", "photo", "serviceorder", "stats", "team", "wish");
	}

}
