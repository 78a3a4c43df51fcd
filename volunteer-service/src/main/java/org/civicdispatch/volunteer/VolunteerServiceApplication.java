package org.civicdispatch.volunteer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Accounts and login, the org tree, staff scopes, volunteers, teams and service records.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VolunteerServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(VolunteerServiceApplication.class, args);
	}

}
