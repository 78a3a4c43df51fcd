package org.civicdispatch.points;

import org.civicdispatch.web.OrgTree;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** points-service: the double-entry points ledger (以行积分) and the points store (以分换物). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PointsServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PointsServiceApplication.class, args);
	}

	/**
	 * The org tree as this service knows it from volunteer-service's events: what staff
	 * scope is checked against.
	 */
	@Bean
	OrgTree orgTree(DatabaseClient db) {
		return new OrgTree(db);
	}

}
