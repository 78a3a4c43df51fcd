package org.civicdispatch.order;

import org.civicdispatch.web.OrgTree;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** order-service: the catalogue, service orders, the dispatcher and evaluations. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
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
