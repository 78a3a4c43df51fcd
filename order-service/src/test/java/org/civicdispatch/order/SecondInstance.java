package org.civicdispatch.order;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Another order-service instance next to a test's own, as a second process would be: the
 * same database, broker, token issuer and consumer group, on a port of its own.
 */
public record SecondInstance(ConfigurableApplicationContext context, int port) implements AutoCloseable {

	private static final List<String> SHARED = List.of("spring.r2dbc.url", "spring.r2dbc.username",
			"spring.r2dbc.password", "spring.flyway.url", "spring.flyway.user", "spring.flyway.password",
			"spring.kafka.bootstrap-servers", "civic.security.jwks-uri", "civic.security.issuer",
			"civic.messaging.group-suffix");

	/**
	 * Starts one with the first one's shared settings and the values it has for
	 * {@code alsoShared}.
	 */
	public static SecondInstance startLike(Environment first, String... alsoShared) {
		List<String> args = new ArrayList<>();
		Stream.concat(SHARED.stream(), Stream.of(alsoShared))
			.forEach(key -> args.add("--" + key + "=" + first.getRequiredProperty(key)));
		args.add("--server.port=0");
		// command-line arguments, so they win over application.yml as the test's own
		// properties do
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderServiceApplication.class)
			.run(args.toArray(String[]::new));
		return new SecondInstance(context,
				Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
	}

	public String url() {
		return "http://localhost:" + port;
	}

	@Override
	public void close() {
		context.close();
	}

}
