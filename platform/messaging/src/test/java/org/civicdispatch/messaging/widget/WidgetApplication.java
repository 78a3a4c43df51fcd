package org.civicdispatch.messaging.widget;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A minimal service on top of the messaging module: its own table, the outbox, and one
 * inbox listener.
 */
@SpringBootApplication
public class WidgetApplication {

	public static void main(String[] args) {
		SpringApplication.run(WidgetApplication.class, args);
	}

}
