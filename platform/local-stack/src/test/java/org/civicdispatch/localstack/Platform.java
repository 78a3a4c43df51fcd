package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole platform, started once per test JVM as the local stack starts it (embedded
 * PostgreSQL and Kafka, the three services and the gateway on free ports) and shared by
 * every end-to-end test class: starting it costs about a minute on a small machine.
 * Stopped when the JVM exits.
 * <p>
 * The gateway trusts one proxy in front of it, so a test can act from several client
 * addresses with {@code X-Forwarded-For}, as a district's reverse proxy would report
 * them.
 */
final class Platform {

	private static LocalStack stack;

	private static GatewayClient gateway;

	private static Path dataDirectory;

	private static OtlpReceiver traces;

	private Platform() {
	}

	static synchronized LocalStack stack() {
		if (stack == null) {
			start();
		}
		return stack;
	}

	/**
	 * The spans every application of the platform exported (TracingEndToEndTests reads
	 * them).
	 */
	static synchronized OtlpReceiver traces() {
		stack();
		return traces;
	}

	static synchronized GatewayClient gateway() {
		stack();
		return gateway;
	}

	private static void start() {
		try {
			dataDirectory = Files.createTempDirectory("platform-e2e");
			traces = OtlpReceiver.start();
			LocalStack.Builder builder = LocalStack.builder();
			for (Service service : Service.values()) {
				// spans over OTLP/HTTP to the collector in this JVM, every request
				// sampled, batches every second
				builder.env(service, "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", traces.endpoint())
					.env(service, "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0")
					.env(service, "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "1s");
			}
			LocalStack started = builder.dataDirectory(dataDirectory)
				.freePorts()
				.durable(false)
				// C1 only: the services start faster on a small CI machine, and peak
				// speed does not matter here
				.javaOptions(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1"))
				.env(Service.GATEWAY, "GATEWAY_TRUSTED_PROXIES", "1")
				// the demo data test back-dates its orders (DemoDataEndToEndTests)
				.env(Service.ORDER, "CIVIC_DEMO_DATA", "true")
				// as compose and Kubernetes run it: JSON lines
				// (ObservabilityEndToEndTests reads them)
				.env(Service.VOLUNTEER, "LOG_FORMAT", "ecs")
				// 活动报名's check-in codes expire within a test
				// (ActivitiesEndToEndTests.CODE_TTL_SECONDS)
				.env(Service.VOLUNTEER, "ACTIVITY_CHECK_IN_CODE_TTL", "15s")
				// the order counts by status within seconds rather than half a minute
				.env(Service.ORDER, "METRICS_REFRESH_INTERVAL", "2s")
				// thousands of requests a minute from one address and a handful of users
				// are these tests, not abuse
				// (the gateway's own tests show its limits)
				.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_USER_PER_SECOND", "100000")
				.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_USER_BURST", "100000")
				.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_ADDRESS_PER_SECOND", "100000")
				.env(Service.GATEWAY, "GATEWAY_RATE_LIMIT_ADDRESS_BURST", "100000")
				// a breaker opened by a 5xx would answer 503 for everything after it and
				// hide the next finding
				.env(Service.GATEWAY, "GATEWAY_BREAKER_OPEN_SECONDS", "1")
				// a slow answer on a busy machine is not a finding; a hang still is
				.env(Service.GATEWAY, "GATEWAY_SERVICE_TIMEOUT", "20s")
				.env(Service.GATEWAY, "GATEWAY_RESPONSE_TIMEOUT", "20s")
				// nor a reason to refuse the races these tests run (fifty sign-ups at
				// once): admission control
				// is shown by the gateway's AdmissionIntegrationTests and by the
				// benchmark's Overload
				.env(Service.GATEWAY, "GATEWAY_ADMISSION_LATENCY_TARGET", "20s")
				.startupTimeout(Duration.ofMinutes(8))
				.build();
			Runtime.getRuntime().addShutdownHook(new Thread(Platform::stop, "platform-e2e-stop"));
			started.start();
			stack = started;
			gateway = new GatewayClient(started.gatewayUrl());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("the platform did not start", ex);
		}
	}

	private static synchronized void stop() {
		if (stack != null) {
			stack.stop();
		}
		if (traces != null) {
			traces.close();
		}
		if (dataDirectory != null) {
			try (Stream<Path> files = Files.walk(dataDirectory)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				// the JVM is exiting: a temp folder left behind is harmless
			}
		}
	}

}
