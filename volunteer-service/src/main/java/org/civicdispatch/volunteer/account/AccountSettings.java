package org.civicdispatch.volunteer.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.security.*} as accounts read it: how many failed logins within
 * {@code window} lock a phone at one client address ({@code max-failures}) or a client
 * address for every phone ({@code max-failures-per-address}), and for how long. (The
 * issuer and the tokens' lifetime are the token package's {@code TokenSettings}.)
 */
@ConfigurationProperties("civic.security")
record AccountSettings(@DefaultValue Login login) {

	public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("30") int maxFailuresPerAddress,
			@DefaultValue("15m") Duration window, @DefaultValue("15m") Duration lock) {
	}

}
