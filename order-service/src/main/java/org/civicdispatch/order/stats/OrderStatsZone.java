package org.civicdispatch.order.stats;

import java.time.ZoneId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When the service starts counting days in another time zone ({@code STATS_TIME_ZONE}
 * changed), the statistics' read model is counted anew in it at start, not in the first
 * statistics call (a district's years take seconds). {@link OrderStats} still checks the
 * zone at every call.
 */
@Component
class OrderStatsZone {

	private static final Logger log = LoggerFactory.getLogger(OrderStatsZone.class);

	private final OrderStats stats;

	private final ZoneId zone;

	OrderStatsZone(OrderStats stats, @Value("${civic.stats.time-zone:Asia/Shanghai}") ZoneId zone) {
		this.stats = stats;
		this.zone = zone;
	}

	@EventListener(ApplicationReadyEvent.class)
	void countInTheConfiguredZone() {
		stats.countIn(zone).subscribe(counted -> {
			if (counted) {
				log.info("Order statistics counted anew by the days of {}", zone);
			}
		}, error -> log.warn("Could not count the order statistics by the days of {}", zone, error));
	}

}
