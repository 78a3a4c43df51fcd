package org.civicdispatch.order.catalog;

import java.time.Duration;

/** A service category of the catalogue (服务目录) and its SLA (限时办结) in hours. */
public record Category(String code, String name, String description, int slaHours) {

	public Duration sla() {
		return Duration.ofHours(slaHours);
	}

}
