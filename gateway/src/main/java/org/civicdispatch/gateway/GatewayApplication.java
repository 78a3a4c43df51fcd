package org.civicdispatch.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The only public entry of Civic Dispatch: checks tokens, routes {@code /api/**} to the
 * three services, limits request rates, and answers 503 for a service that is down while
 * the others keep working. It holds no business logic.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
