package org.civicdispatch.volunteer.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.security.*} as the token issuer reads it: the issuer it stamps on tokens
 * and how long they live.
 */
@ConfigurationProperties("civic.security")
record TokenSettings(@DefaultValue("civic-dispatch") String issuer, @DefaultValue("2h") Duration tokenTtl) {
}
