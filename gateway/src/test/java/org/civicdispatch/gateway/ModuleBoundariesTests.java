package org.civicdispatch.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's packages as Spring Modulith sees them: each package under
 * {@code org.civicdispatch.gateway} is a module, and {@code verify()} fails on a cycle
 * between them or on one package using another's internals. (A type another package may
 * not use is package-private, so the compiler refuses that use first.)
 */
class ModuleBoundariesTests {

	static final ApplicationModules MODULES = ApplicationModules.of(GatewayApplication.class);

	@Test
	void noPackageDependsOnAnotherInACycleOrUsesItsInternals() {
		MODULES.verify();
	}

	@Test
	void everyPackageIsAModuleTheCheckCovers() {
		assertThat(MODULES.stream().map(ApplicationModule::getName)).contains("admission", "apidocs", "edge",
				"ratelimit", "routing", "webapps");
	}

	@Test
	void theEdgeThatTheOtherPackagesBuildOnUsesNoneOfThem() {
		ApplicationModule edge = MODULES.getModuleByName("edge").orElseThrow();
		assertThat(edge.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName)).isEmpty();
	}

}
