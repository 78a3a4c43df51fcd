package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, checked where no container engine (or compose client) is available: every
 * part of the platform is there, health-checked, started only after what it needs is healthy,
 * and built from a Dockerfile that exists. CI also runs {@code docker compose config -q} when it can.
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
		assertThat(services).containsOnlyKeys("postgres", "kafka", "redis", "gateway", "volunteer-service",
				"order-service", "points-service");
		services.forEach((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
		assertThat(services.get("postgres").get("image").toString()).startsWith("postgres:17");
		assertThat(services.get("kafka").get("image").toString()).startsWith("apache/kafka:");
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
			assertThat(env).as(name).containsKeys("DATABASE_HOST", "DATABASE_NAME", "KAFKA_BOOTSTRAP_SERVERS", "JWKS_URI");
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
	void buildsEveryServiceFromItsDockerfileAndMountsFilesThatExist() {
		for (String name : List.of("gateway", "volunteer-service", "order-service", "points-service")) {
			Map<String, String> build = (Map<String, String>) services.get(name).get("build");
			assertThat(ROOT.resolve(build.get("context")).resolve(build.get("dockerfile"))).as(name).isRegularFile();
		}
		for (Map<String, Object> service : services.values()) {
			for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
				String source = volume.toString().split(":")[0];
				if (source.startsWith("./")) {
					assertThat(ROOT.resolve(source)).isRegularFile();
				}
			}
		}
		assertThat(ROOT.resolve("platform/local-stack/compose/health.sh")).isExecutable();
	}

}
