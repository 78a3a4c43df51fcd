package org.civicdispatch.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link ConnectionProblemsHandler}: 503 when no database connection comes in
 * time, silence when the client hung up.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ConnectionProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionProblemsHandler connectionProblemsHandler() {
		return new ConnectionProblemsHandler();
	}

}
