package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, checked where no container engine (or compose client) is available:
 * every part of the platform is there, health-checked, started only after what it needs
 * is healthy, and built from the one Dockerfile, which knows every service. CI also runs
 * {@code docker compose config -q} when it can.
 */
class ComposeFileTests {

	private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	private static Map<String, Map<String, Object>> services;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void read() throws IOException {
		try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(in);
			services = (Map<String, Map<String, Object>>) compose.get("services");
		}
	}

	@Test
	void runsTheWholePlatformWithHealthChecks() {
		assertThat(services).containsOnlyKeys("postgres", "kafka", "redis", "minio", "gateway", "volunteer-service",
				"order-service", "points-service", "prometheus", "grafana", "jaeger");
		// what runs without a profile is health-checked (Jaeger's image has no shell to
		// check with)
		services.forEach((name, service) -> {
			if (!service.containsKey("profiles")) {
				assertThat(service).as(name).containsKey("healthcheck");
			}
		});
		assertThat(services.get("postgres").get("image").toString()).startsWith("postgres:17");
		assertThat(services.get("kafka").get("image").toString()).startsWith("apache/kafka:");
		assertThat(services.get("minio").get("image").toString()).startsWith("minio/minio:");
	}

	@Test
	@SuppressWarnings("unchecked")
	void startsEachServiceOnlyAfterWhatItNeedsIsHealthy() {
		for (String name : List.of("volunteer-service", "order-service", "points-service")) {
			Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(name)
				.get("depends_on");
			assertThat(dependsOn).as(name).containsKeys("postgres", "kafka");
			dependsOn.values().forEach(d -> assertThat(d).containsEntry("condition", "service_healthy"));
			Map<String, Object> env = (Map<String, Object>) services.get(name).get("environment");
			assertThat(env).as(name)
				.containsKeys("DATABASE_HOST", "DATABASE_NAME", "KAFKA_BOOTSTRAP_SERVERS", "JWKS_URI");
			// a JVM whose heap runs out exits, and compose starts it again, instead of
			// lingering unanswering
			assertThat(String.valueOf(env.get("JAVA_TOOL_OPTIONS"))).as(name).contains("-XX:+ExitOnOutOfMemoryError");
			assertThat(services.get(name)).as(name).containsEntry("restart", "unless-stopped");
		}
		Map<String, Map<String, String>> gateway = (Map<String, Map<String, String>>) services.get("gateway")
			.get("depends_on");
		assertThat(gateway).containsKeys("redis", "volunteer-service", "order-service", "points-service");
		gateway.values().forEach(d -> assertThat(d).containsEntry("condition", "service_healthy"));
		Map<String, Object> env = (Map<String, Object>) services.get("gateway").get("environment");
		assertThat(env).containsEntry("GATEWAY_RATE_LIMIT_STORE", "redis").containsEntry("REDIS_HOST", "redis");
	}

	@Test
	@SuppressWarnings("unchecked")
	void buildsEveryServiceFromTheOneDockerfileAndMountsFilesThatExist() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
		for (String name : ServiceSettings.SERVICES) {
			Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
			assertThat(build).as(name).doesNotContainKey("dockerfile");
			assertThat(ROOT.resolve(build.get("context").toString()).resolve("Dockerfile")).as(name).isRegularFile();
			assertThat((Map<String, String>) build.get("args")).as(name).containsEntry("SERVICE", name);
			assertThat(ROOT.resolve(name).resolve("Dockerfile")).as(name + ": no Dockerfile of its own").doesNotExist();
			// the image knows the service: a web-apps stage (the gateway's, or none) and
			// its default port
			assertThat(dockerfile).as(name).containsPattern("(?m)^FROM \\S+ AS web-" + Pattern.quote(name) + "$");
			Matcher port = Pattern.compile("\\b" + Pattern.quote(name) + "\\) echo (\\d+)").matcher(dockerfile);
			assertThat(port.find()).as(name + " port in the Dockerfile").isTrue();
			assertThat(Integer.parseInt(port.group(1))).as(name).isEqualTo(ServiceSettings.defaultServerPort(name));
		}
		assertThat(dockerfile).containsPattern("(?m)^USER 10001");
		for (Map<String, Object> service : services.values()) {
			for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
				String source = volume.toString().split(":")[0];
				if (source.startsWith("./")) {
					assertThat(ROOT.resolve(source)).exists();
				}
			}
		}
		assertThat(ROOT.resolve("platform/local-stack/compose/health.sh")).isExecutable();
		assertThat(dockerfile).contains("COPY platform/local-stack/compose/health.sh /health.sh");
	}

}
