package org.civicdispatch.testing;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Gives each {@link WithRealInfra} test class its {@link RealInfraContextCustomizer}. */
class RealInfraContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		// Honours @NestedTestConfiguration: a @Nested class of an annotated class is
		// covered too.
		return TestContextAnnotationUtils.hasAnnotation(testClass, WithRealInfra.class)
				? new RealInfraContextCustomizer(testClass) : null;
	}

}
