package org.civicdispatch.localstack;

import java.util.Arrays;

/** The applications the local stack runs, in the order they are listed to the user. */
public enum Service {

	GATEWAY("gateway", 8080, null),

	VOLUNTEER("volunteer-service", 8081, "volunteers"),

	ORDER("order-service", 8082, "orders"),

	POINTS("points-service", 8083, "points");

	private final String module;

	private final int defaultPort;

	private final String database;

	Service(String module, int defaultPort, String database) {
		this.module = module;
		this.defaultPort = defaultPort;
		this.database = database;
	}

	/**
	 * The Maven module (and folder) name, also the name used in logs and by
	 * {@link LocalStack#stopService}.
	 */
	public String module() {
		return this.module;
	}

	public int defaultPort() {
		return this.defaultPort;
	}

	/** The service's own database, or {@code null} for the gateway. */
	public String database() {
		return this.database;
	}

	/**
	 * Finds a service by module name ({@code points-service}) or short name
	 * ({@code points}).
	 */
	public static Service named(String name) {
		return Arrays.stream(values())
			.filter(s -> s.module.equals(name) || s.module.equals(name + "-service") || s.name().equalsIgnoreCase(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name + "', expected one of "
					+ Arrays.stream(values()).map(Service::module).toList()));
	}

}
