package org.civicdispatch.volunteer;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * volunteer-service's packages as Spring Modulith sees them: each package under
 * {@code org.civicdispatch.volunteer} is a module, and {@code verify()} fails on a cycle
 * between them or on one package using another's internals. (A type another package may
 * not use is package-private, so the compiler refuses that use first.)
 */
class ModuleBoundariesTests {

	static final ApplicationModules MODULES = ApplicationModules.of(VolunteerServiceApplication.class);

	@Test
	void noPackageDependsOnAnotherInACycleOrUsesItsInternals() {
		MODULES.verify();
	}

	@Test
	void everyPackageIsAModuleTheCheckCovers() {
		assertThat(MODULES.stream().map(ApplicationModule::getName)).contains("account", "activity", "certificate",
				"org", "team", "token", "volunteering");
	}

	@Test
	void tokensAreIssuedWithoutKnowingAboutAccounts() {
		ApplicationModule token = MODULES.getModuleByName("token").orElseThrow();
		assertThat(token.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName))
			.doesNotContain("account");
	}

}
