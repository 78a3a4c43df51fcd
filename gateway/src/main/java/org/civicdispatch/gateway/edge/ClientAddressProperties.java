package org.civicdispatch.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.gateway.rate-limit.trusted-proxies}: how many proxies in front of the
 * gateway append to {@code X-Forwarded-For}; 0 means the client address is the
 * connection's. The address found is what requests are rate-limited by and what the
 * services are told in {@code X-Client-Address}. (The setting kept the name it got with
 * the rate limits, which came first.)
 */
@ConfigurationProperties("civic.gateway.rate-limit")
record ClientAddressProperties(@DefaultValue("0") int trustedProxies) {
}
