package org.civicdispatch.points;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** points-service: the double-entry points ledger (以行积分) and the points store (以分换物). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PointsServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PointsServiceApplication.class, args);
	}

}
