package org.civicdispatch.gateway.routing;

import java.util.Arrays;
import java.util.Optional;

/**
 * The services behind the gateway. {@link #id()} names the route, the circuit breaker and
 * time limiter instances in {@code application.yml}, and the fallback path;
 * {@link #displayName()} is what a resident reads when the service is down.
 */
public enum Downstream {

	VOLUNTEER_SERVICE("volunteer-service", "志愿者服务"),

	ORDER_SERVICE("order-service", "订单服务"),

	POINTS_SERVICE("points-service", "积分服务");

	private final String id;

	private final String displayName;

	Downstream(String id, String displayName) {
		this.id = id;
		this.displayName = displayName;
	}

	public String id() {
		return id;
	}

	public String displayName() {
		return displayName;
	}

	/** The {@code detail} of the 503 answered while this service cannot be reached. */
	public String unavailableDetail() {
		return displayName + "暂时不可用，请稍后再试 (" + id + " unavailable)";
	}

	/**
	 * The service a route goes to: routes are named after it
	 * ({@code order-service-export}).
	 */
	public static Optional<Downstream> forRoute(String routeId) {
		return Arrays.stream(values())
			.filter((service) -> routeId.equals(service.id) || routeId.startsWith(service.id + "-"))
			.findFirst();
	}

	public static Optional<Downstream> byId(String id) {
		return Arrays.stream(values()).filter((service) -> service.id.equals(id)).findFirst();
	}

}
