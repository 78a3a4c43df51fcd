package org.civicdispatch.gateway.admission;

import io.micrometer.core.instrument.MeterRegistry;
import org.civicdispatch.web.ProblemResponses;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Admission control per route, unless {@code civic.gateway.admission.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "civic.gateway.admission.enabled", matchIfMissing = true)
class AdmissionConfiguration {

	@Bean
	AdmissionControl admissionControl(AdmissionProperties properties, ProblemResponses problems, MeterRegistry meters) {
		return new AdmissionControl(properties, problems, meters);
	}

}
