package org.civicdispatch.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * Routes whose URI is {@code lb://<service>} (several instances of a service, as the
 * local stack runs them with {@code LOCAL_STACK_REPLICAS}) go round-robin over the
 * instances listed in
 * {@code spring.cloud.discovery.client.simple.instances.<service>[n].uri}, among those
 * whose {@code /actuator/health} answered 200 at the last check
 * ({@code spring.cloud.loadbalancer.health-check.interval}): an instance that dies is
 * left out within one interval and taken back once it is healthy again. Routes that name
 * one URL ({@code http://order-service:8082}, where a Kubernetes Service balances) never
 * use this.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = HealthCheckedInstances.class)
class ReplicaLoadBalancing {

}
