package org.civicdispatch.volunteer.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.security.*} as volunteer-service reads it: the issuer it stamps on tokens, how long
 * they live, and how many failed logins within {@code window} lock a phone at one client address
 * ({@code max-failures}) or a client address for every phone ({@code max-failures-per-address}),
 * and for how long.
 */
@ConfigurationProperties("civic.security")
public record AccountSettings(@DefaultValue("civic-dispatch") String issuer, @DefaultValue("2h") Duration tokenTtl,
		@DefaultValue Login login) {

	public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("30") int maxFailuresPerAddress,
			@DefaultValue("15m") Duration window, @DefaultValue("15m") Duration lock) {
	}

}
