package org.civicdispatch.volunteer.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.security.*} as volunteer-service reads it: the issuer it stamps on tokens, how long
 * they live, and how many failed logins lock a phone for how long.
 */
@ConfigurationProperties("civic.security")
public record AccountSettings(@DefaultValue("civic-dispatch") String issuer, @DefaultValue("2h") Duration tokenTtl,
		@DefaultValue Login login) {

	public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window,
			@DefaultValue("15m") Duration lock) {
	}

}
