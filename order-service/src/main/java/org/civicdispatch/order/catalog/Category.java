package org.civicdispatch.order.catalog;

import java.time.Duration;

/**
 * A service category of the catalogue (服务目录) and its SLA (限时办结) in hours. A category that
 * is not {@code orderable} (微心愿, {@code WISH}) is reached another way than
 * {@code POST /api/orders}.
 */
public record Category(String code, String name, String description, int slaHours, boolean orderable) {

	public Duration sla() {
		return Duration.ofHours(slaHours);
	}

}
