package org.civicdispatch.web;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every application traces (trace ids for its logs and for the services it calls), but
 * sends spans nowhere unless
 * {@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT} names a collector; the
 * actuator's requests (probes, scrapes) are not observed at all.
 */
class TracingExportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(context -> new ObservabilityEnvironmentPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class));

	@Test
	void withoutAnEndpointEveryRequestIsTracedButNothingIsExported() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(Tracer.class);
			assertThat(context).doesNotHaveBean(SpanExporter.class);
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability"))
				.isEqualTo("1.0");
			Tracer tracer = context.getBean(Tracer.class);
			var span = tracer.nextSpan().name("probe").start();
			assertThat(span.context().traceId()).matches("[0-9a-f]{32}");
			assertThat(span.context().sampled()).isTrue();
			span.end();
		});
	}

	@Test
	void anEmptyEndpointAsComposeMayLeaveItExportsNothingRatherThanFailing() {
		this.runner.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Tracer.class);
			assertThat(context).doesNotHaveBean(SpanExporter.class);
		});
	}

	@Test
	void healthProbesAndScrapesAreNeitherTracedNorTimedButEveryOtherRequestIs() {
		ObservationPredicate predicate = new CivicWebAutoConfiguration()
			.actuatorRequestsUnobserved(new MockEnvironment());
		assertThat(predicate.test("http.server.requests", serverRequest("/actuator/health/readiness"))).isFalse();
		assertThat(predicate.test("http.server.requests", serverRequest("/actuator/prometheus"))).isFalse();
		assertThat(predicate.test("http.server.requests", serverRequest("/api/orders"))).isTrue();
		assertThat(predicate.test("http.server.requests", serverRequest("/actuatorish"))).isTrue();
		assertThat(predicate.test("spring.kafka.listener", new Observation.Context())).isTrue();
	}

	private static ServerRequestObservationContext serverRequest(String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		return new ServerRequestObservationContext(exchange.getRequest(), exchange.getResponse(),
				exchange.getAttributes());
	}

	@Test
	void anEndpointSendsSpansOverOtlpHttpSampledAsConfigured() {
		this.runner
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://jaeger:4318/v1/traces",
					"management.tracing.sampling.probability=0.25")
			.run(context -> {
				assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
				assertThat(context.getBean(OtlpHttpSpanExporter.class).toString())
					.contains("http://jaeger:4318/v1/traces");
				assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability"))
					.isEqualTo("0.25");
			});
	}

}
