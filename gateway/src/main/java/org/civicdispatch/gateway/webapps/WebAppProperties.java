package org.civicdispatch.gateway.webapps;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code civic.gateway.web-apps.*}.
 *
 * @param location where the built apps are, one folder each ({@code h5/},
 * {@code console/}); the gateway's classpath holds them (module {@code web/})
 */
@ConfigurationProperties("civic.gateway.web-apps")
record WebAppProperties(@DefaultValue("classpath:/civic-web/") String location) {
}
