package org.civicdispatch.volunteer.activity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.activities.*}: how long a check-in code shown at the venue stays valid
 * ({@code code-ttl}, 2 minutes; the console refreshes it before then).
 */
@ConfigurationProperties("civic.activities")
record ActivitySettings(@DefaultValue("2m") Duration codeTtl) {
}
