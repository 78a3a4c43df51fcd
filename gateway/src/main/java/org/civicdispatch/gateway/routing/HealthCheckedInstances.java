package org.civicdispatch.gateway.routing;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The load balancer's configuration for each {@code lb://} service (in a child context of
 * its own; deliberately not a {@code @Configuration}, so the gateway's own context does
 * not pick it up): the listed instances that are healthy, see
 * {@link ReplicaLoadBalancing}.
 */
class HealthCheckedInstances {

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

	@Bean
	ServiceInstanceListSupplier healthyInstances(ConfigurableApplicationContext context) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CHECK_TIMEOUT.toMillis())
			.responseTimeout(CHECK_TIMEOUT);
		WebClient checks = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return ServiceInstanceListSupplier.builder().withDiscoveryClient().withHealthChecks(checks).build(context);
	}

}
