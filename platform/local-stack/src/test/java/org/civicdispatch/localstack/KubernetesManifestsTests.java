package org.civicdispatch.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicdispatch.localstack.ServiceSettings.SERVICES;

/**
 * deploy/k8s, built as kustomize builds it ({@link Kustomize}) into typed Kubernetes
 * objects, for the base and both overlays: each service runs as a Deployment of at least
 * two replicas with probes on its health groups, resources, graceful shutdown, a
 * PodDisruptionBudget and a CPU HorizontalPodAutoscaler; every environment variable that
 * a service's application.yml needs in a cluster is set, and nothing it would not read;
 * the gateway has its Service and Ingress; and PostgreSQL and Kafka are the operators'
 * clusters that deploy/k8s/backing declares.
 */
class KubernetesManifestsTests {

	private static final Path K8S = ServiceSettings.ROOT.resolve("deploy/k8s");

	private static final String HEALTH_LIVENESS = "/actuator/health/liveness";

	private static final String HEALTH_READINESS = "/actuator/health/readiness";

	/**
	 * Spring Boot binds these to its own properties (relaxed binding); the JVM reads the
	 * last two.
	 */
	private static final List<String> SPRING_PREFIXES = List.of("SPRING_", "MANAGEMENT_", "SERVER_", "LOGGING_");

	private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	/**
	 * Read in every service by platform/web's
	 * {@code ObservabilityEnvironmentPostProcessor}, not its application.yml.
	 */
	private static final Set<String> PLATFORM_VARIABLES = Set.of("MANAGEMENT_PORT", "LOG_FORMAT");

	/**
	 * Only read when the gateway's rate limits live in Redis
	 * ({@code GATEWAY_RATE_LIMIT_STORE=redis}).
	 */
	private static final Set<String> REDIS_SETTINGS = Set.of("REDIS_HOST", "REDIS_PORT");

	/**
	 * Secrets that an operator makes: CloudNativePG's application user of the cluster
	 * civic-db.
	 */
	private static final String DATABASE_SECRET = "civic-db-app";

	static Stream<Arguments> builds() {
		return Stream.of("base", "overlays/local", "overlays/production")
			.map((dir) -> Arguments.of(dir, Kustomize.build(K8S.resolve(dir))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void runsEveryServiceAsADeploymentOfAtLeastTwoReplicas(String dir, List<HasMetadata> objects) {
		Map<String, Deployment> deployments = byName(objects, Deployment.class);
		assertThat(deployments).containsOnlyKeys(SERVICES);
		for (String service : SERVICES) {
			Deployment deployment = deployments.get(service);
			int replicas = deployment.getSpec().getReplicas();
			if (dir.equals("overlays/production")) {
				assertThat(replicas).as(service).isGreaterThanOrEqualTo(2);
			}
			else {
				assertThat(replicas).as(service).isEqualTo(2);
			}
			assertThat(deployment.getSpec().getSelector().getMatchLabels()).as(service).isNotEmpty();
			assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(service)
				.containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
			assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
				.as(service + ": a rolling update never goes below the wanted replicas")
				.isEqualTo(new IntOrString(0));
			Container container = container(deployment);
			assertThat(container.getImage()).as(service).contains("civic-dispatch/" + service + ":");
			PodSpec pod = deployment.getSpec().getTemplate().getSpec();
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(service).isTrue();
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(service).isFalse();
		}
		assertThat(objects).as("no home-made database or broker").noneMatch((o) -> o.getKind().equals("StatefulSet"));
		assertThat(deployments.values())
			.allSatisfy((d) -> assertThat(container(d).getImage()).doesNotContain("postgres").doesNotContain("kafka"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void probesAskTheHealthGroupsOnTheManagementPort(String dir, List<HasMetadata> objects) {
		for (Deployment deployment : byName(objects, Deployment.class).values()) {
			String service = deployment.getMetadata().getName();
			assertThat(ServiceSettings.property(service, "management.endpoint.health.probes.enabled")).as(service)
				.isEqualTo(true);
			Container container = container(deployment);
			Map<String, String> env = environment(objects, deployment);
			int managementPort = Integer.parseInt(env.getOrDefault("MANAGEMENT_PORT", env.get("SERVER_PORT")));
			assertProbe(container, container.getLivenessProbe(), HEALTH_LIVENESS, managementPort, service);
			assertProbe(container, container.getReadinessProbe(), HEALTH_READINESS, managementPort, service);
			if (container.getStartupProbe() != null) {
				assertProbe(container, container.getStartupProbe(), HEALTH_LIVENESS, managementPort, service);
			}
			assertThat(container.getPorts()).as(service)
				.anySatisfy((port) -> assertThat(port.getContainerPort())
					.isEqualTo(Integer.parseInt(env.get("SERVER_PORT"))));
			Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
			assertThat(annotations).as(service + ": Prometheus scrapes the management port")
				.containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/port", String.valueOf(managementPort))
				.containsEntry("prometheus.io/path", "/actuator/prometheus");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void requestsAndLimitsCpuAndMemory(String dir, List<HasMetadata> objects) {
		for (Deployment deployment : byName(objects, Deployment.class).values()) {
			String service = deployment.getMetadata().getName();
			Map<String, Quantity> requests = container(deployment).getResources().getRequests();
			Map<String, Quantity> limits = container(deployment).getResources().getLimits();
			assertThat(requests).as(service).containsKeys("cpu", "memory");
			assertThat(limits).as(service).containsKeys("cpu", "memory");
			for (String resource : List.of("cpu", "memory")) {
				assertThat(requests.get(resource).getNumericalAmount()).as(service + " " + resource)
					.isPositive()
					.isLessThanOrEqualTo(limits.get(resource).getNumericalAmount());
			}
			// the heap is a share of the limit (JAVA_TOOL_OPTIONS), so a pod is never
			// killed for growing into it
			assertThat(requests.get("memory")).as(service).isEqualTo(limits.get("memory"));
			// and a JVM whose heap runs out exits, so Kubernetes restarts it instead of
			// keeping a pod that answers nothing
			assertThat(environment(objects, deployment).get("JAVA_TOOL_OPTIONS")).as(service)
				.contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void shutsDownGracefullyWithinTheGracePeriod(String dir, List<HasMetadata> objects) {
		for (Deployment deployment : byName(objects, Deployment.class).values()) {
			String service = deployment.getMetadata().getName();
			assertThat(ServiceSettings.property(service, "server.shutdown")).as(service).isEqualTo("graceful");
			Duration shutdown = ServiceSettings.shutdownTimeoutPerPhase(service);
			Container container = container(deployment);
			Duration preStop = Duration.ZERO;
			if (container.getLifecycle() != null && container.getLifecycle().getPreStop() != null) {
				List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
				assertThat(command).as(service).hasSize(2).first().isEqualTo("sleep");
				preStop = Duration.ofSeconds(Long.parseLong(command.get(1)));
			}
			long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
			assertThat(Duration.ofSeconds(grace)).as(service + ": preStop %s + shutdown phase %s", preStop, shutdown)
				.isGreaterThan(preStop.plus(shutdown));
			assertThat(container.getCommand()).as(service + ": the JVM is PID 1 and gets the SIGTERM").isNullOrEmpty();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void keepsOnePodThroughDisruptionsAndScalesOnCpu(String dir, List<HasMetadata> objects) {
		Map<String, Deployment> deployments = byName(objects, Deployment.class);
		Map<String, PodDisruptionBudget> budgets = byName(objects, PodDisruptionBudget.class);
		Map<String, HorizontalPodAutoscaler> autoscalers = byName(objects, HorizontalPodAutoscaler.class);
		for (String service : SERVICES) {
			Deployment deployment = deployments.get(service);
			Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
			int replicas = deployment.getSpec().getReplicas();

			PodDisruptionBudget budget = budgets.get(service);
			assertThat(budget).as(service + " PodDisruptionBudget").isNotNull();
			assertThat(podLabels).as(service).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
			int minAvailable = budget.getSpec().getMinAvailable().getIntVal();
			assertThat(minAvailable).as(service).isGreaterThanOrEqualTo(1).isLessThan(replicas);
			if (!dir.equals("overlays/production")) {
				assertThat(minAvailable).as(service).isEqualTo(1);
			}

			HorizontalPodAutoscaler autoscaler = autoscalers.get(service);
			assertThat(autoscaler).as(service + " HorizontalPodAutoscaler").isNotNull();
			assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
			assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(service);
			assertThat(autoscaler.getSpec().getMinReplicas()).as(service).isEqualTo(replicas);
			assertThat(autoscaler.getSpec().getMaxReplicas()).as(service).isGreaterThan(replicas);
			List<MetricSpec> metrics = autoscaler.getSpec().getMetrics();
			assertThat(metrics).as(service).anySatisfy((metric) -> {
				assertThat(metric.getType()).isEqualTo("Resource");
				assertThat(metric.getResource().getName()).isEqualTo("cpu");
				assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
				assertThat(metric.getResource().getTarget().getAverageUtilization()).isBetween(1, 100);
			});
			assertThat(container(deployment).getResources().getRequests())
				.as(service + ": CPU utilisation is measured against the request")
				.containsKey("cpu");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void setsEveryVariableAServiceNeedsInAClusterAndNoneItWouldIgnore(String dir, List<HasMetadata> objects) {
		for (Deployment deployment : byName(objects, Deployment.class).values()) {
			String service = deployment.getMetadata().getName();
			Map<String, ServiceSettings.Placeholder> reads = ServiceSettings.environment(service);
			Map<String, String> env = environment(objects, deployment);
			boolean redis = "redis".equals(env.get("GATEWAY_RATE_LIMIT_STORE"));
			for (ServiceSettings.Placeholder placeholder : reads.values()) {
				if (placeholder.mustBeSet() && (redis || !REDIS_SETTINGS.contains(placeholder.name()))) {
					assertThat(env)
						.as(service + " needs " + placeholder.name() + " (default: " + placeholder.defaultValue() + ")")
						.containsKey(placeholder.name());
				}
			}
			assertThat(env.get("SERVER_PORT")).as(service)
				.isEqualTo(String.valueOf(ServiceSettings.defaultServerPort(service)));
			for (String name : env.keySet()) {
				boolean read = reads.containsKey(name) || JVM_VARIABLES.contains(name)
						|| PLATFORM_VARIABLES.contains(name) || SPRING_PREFIXES.stream().anyMatch(name::startsWith);
				assertThat(read).as(service + " is given " + name + ", which it does not read").isTrue();
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void servicesAnswerWhereTheOthersCallThem(String dir, List<HasMetadata> objects) {
		Map<String, Service> services = byName(objects, Service.class);
		Map<String, Deployment> deployments = byName(objects, Deployment.class);
		for (String name : SERVICES) {
			Service service = services.get(name);
			assertThat(service).as(name + " Service").isNotNull();
			assertThat(deployments.get(name).getSpec().getTemplate().getMetadata().getLabels())
				.containsAllEntriesOf(service.getSpec().getSelector());
			for (ServicePort port : service.getSpec().getPorts()) {
				assertThat(containerPort(container(deployments.get(name)), port.getTargetPort()))
					.as(name + " " + port.getName())
					.isPresent();
			}
		}
		// every http://<service>:<port> a service is told (gateway routes, JWKS) reaches
		// a Service port;
		// CIVIC_PUBLIC_URL is where people reach the Ingress, not a service
		for (Deployment deployment : deployments.values()) {
			environment(objects, deployment).forEach((name, value) -> {
				if ((name.endsWith("_URL") || name.endsWith("_URI")) && !name.equals("CIVIC_PUBLIC_URL")
						&& value.startsWith("http://") && !URI.create(value).getHost().contains(".")) {
					URI uri = URI.create(value);
					Service target = services.get(uri.getHost());
					assertThat(target).as(deployment.getMetadata().getName() + " " + name + " = " + value).isNotNull();
					assertThat(target.getSpec().getPorts()).as(name + " = " + value)
						.anySatisfy((port) -> assertThat(port.getPort()).isEqualTo(uri.getPort()));
				}
			});
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builds")
	void exposesOnlyTheGatewayThroughTheIngress(String dir, List<HasMetadata> objects) {
		Map<String, Ingress> ingresses = byName(objects, Ingress.class);
		assertThat(ingresses).containsOnlyKeys("gateway");
		Service gateway = byName(objects, Service.class).get("gateway");
		List<IngressRule> rules = ingresses.get("gateway").getSpec().getRules();
		assertThat(rules).isNotEmpty();
		for (IngressRule rule : rules) {
			List<HTTPIngressPath> paths = rule.getHttp().getPaths();
			assertThat(paths).singleElement().satisfies((path) -> {
				assertThat(path.getPath()).isEqualTo("/");
				assertThat(path.getPathType()).isEqualTo("Prefix");
				assertThat(path.getBackend().getService().getName()).isEqualTo("gateway");
				String portName = path.getBackend().getService().getPort().getName();
				assertThat(gateway.getSpec().getPorts())
					.anySatisfy((port) -> assertThat(port.getName()).isEqualTo(portName));
			});
		}
		// the management port is for the cluster only
		for (ServicePort port : gateway.getSpec().getPorts()) {
			if (port.getName().equals("management")) {
				assertThat(rules).allSatisfy((rule) -> assertThat(rule.getHttp().getPaths())
					.noneMatch((path) -> "management".equals(path.getBackend().getService().getPort().getName())));
			}
		}
		if (dir.equals("overlays/production")) {
			assertThat(ingresses.get("gateway").getSpec().getTls()).singleElement()
				.satisfies((tls) -> assertThat(tls.getHosts()).containsExactly(rules.get(0).getHost()));
		}
	}

	@Test
	void postgresAndKafkaAreTheOperatorsClustersTheServicesPointAt() {
		List<HasMetadata> backing = Kustomize.build(K8S.resolve("backing"));
		List<HasMetadata> services = Kustomize.build(K8S.resolve("overlays/production"));
		Map<String, String> common = byName(services, ConfigMap.class).get("civic-backing-services").getData();

		GenericKubernetesResource cluster = custom(backing, "postgresql.cnpg.io/v1", "Cluster").get(0);
		assertThat(common.get("DATABASE_HOST")).as("CloudNativePG's read-write Service")
			.isEqualTo(cluster.getMetadata().getName() + "-rw");
		String owner = cluster.get("spec", "bootstrap", "initdb", "owner");
		Set<String> databases = new TreeSet<>();
		databases.add(cluster.get("spec", "bootstrap", "initdb", "database"));
		for (GenericKubernetesResource database : custom(backing, "postgresql.cnpg.io/v1", "Database")) {
			assertThat((String) database.get("spec", "cluster", "name")).isEqualTo(cluster.getMetadata().getName());
			assertThat((String) database.get("spec", "owner")).as("Flyway migrates as the application user")
				.isEqualTo(owner);
			databases.add(database.get("spec", "name"));
		}
		Set<String> used = new TreeSet<>();
		for (Deployment deployment : byName(services, Deployment.class).values()) {
			Map<String, String> env = environment(services, deployment);
			if (env.containsKey("DATABASE_NAME")) {
				used.add(env.get("DATABASE_NAME"));
				for (EnvVar variable : container(deployment).getEnv()) {
					if (variable.getName().startsWith("DATABASE_") && variable.getValueFrom() != null) {
						assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo(DATABASE_SECRET)
							.isEqualTo(cluster.getMetadata().getName() + "-app");
					}
				}
			}
		}
		assertThat(databases).isEqualTo(used).containsExactlyInAnyOrder("volunteers", "orders", "points");

		GenericKubernetesResource kafka = custom(backing, "kafka.strimzi.io/v1beta2", "Kafka").get(0);
		List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
		Object plainPort = listeners.stream()
			.filter((l) -> "plain".equals(l.get("name")))
			.findFirst()
			.orElseThrow()
			.get("port");
		assertThat(common.get("KAFKA_BOOTSTRAP_SERVERS")).as("Strimzi's bootstrap Service")
			.isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + plainPort);
		assertThat(custom(backing, "kafka.strimzi.io/v1beta2", "KafkaNodePool"))
			.allSatisfy((pool) -> assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster",
					kafka.getMetadata().getName()));
		assertThat(backing).noneMatch((o) -> o.getKind().equals("StatefulSet") || o.getKind().equals("Deployment"));
	}

	@Test
	void theLocalOverlayRunsSmallerBackingClustersAndSeedsTheDevelopmentAdministrator() {
		List<HasMetadata> local = Kustomize.build(K8S.resolve("overlays/local"));
		GenericKubernetesResource cluster = custom(local, "postgresql.cnpg.io/v1", "Cluster").get(0);
		assertThat((Integer) cluster.get("spec", "instances")).isEqualTo(1);
		GenericKubernetesResource kafka = custom(local, "kafka.strimzi.io/v1beta2", "Kafka").get(0);
		Map<String, Object> config = kafka.get("spec", "kafka", "config");
		assertThat(config).containsEntry("default.replication.factor", 1).containsEntry("min.insync.replicas", 1);
		assertThat((Integer) custom(local, "kafka.strimzi.io/v1beta2", "KafkaNodePool").get(0).get("spec", "replicas"))
			.isEqualTo(1);
		assertThat(environment(local, byName(local, Deployment.class).get("volunteer-service")))
			.containsEntry("CIVIC_SEED_ADMIN", "true");
		List<HasMetadata> production = Kustomize.build(K8S.resolve("overlays/production"));
		assertThat(environment(production, byName(production, Deployment.class).get("volunteer-service")))
			.as("never in production")
			.containsEntry("CIVIC_SEED_ADMIN", "false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void eachOverlayPutsEverythingInTheNamespace(String dir) {
		List<HasMetadata> objects = Kustomize.build(K8S.resolve(dir));
		assertThat(objects).filteredOn((o) -> !o.getKind().equals("Namespace"))
			.allSatisfy(
					(o) -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + "/" + o.getMetadata().getName())
						.isEqualTo("civic-dispatch"));
	}

	// --- helpers
	// -------------------------------------------------------------------------------------

	private static void assertProbe(Container container, Probe probe, String path, int managementPort, String service) {
		assertThat(probe).as(service + " probe " + path).isNotNull();
		assertThat(probe.getHttpGet().getPath()).as(service).isEqualTo(path);
		assertThat(containerPort(container, probe.getHttpGet().getPort())).as(service + " probe port")
			.hasValueSatisfying((port) -> assertThat(port.getContainerPort()).isEqualTo(managementPort));
	}

	private static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
		return container.getPorts()
			.stream()
			.filter((candidate) -> (port.getStrVal() != null) ? port.getStrVal().equals(candidate.getName())
					: port.getIntVal().equals(candidate.getContainerPort()))
			.findFirst();
	}

	private static Container container(Deployment deployment) {
		List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).as(deployment.getMetadata().getName()).hasSize(1);
		return containers.get(0);
	}

	/**
	 * What the container's environment holds: its {@code env} entries (a value, or a
	 * reference to a ConfigMap or Secret key, shown as {@code <secret name/key>}) over
	 * its {@code envFrom} ConfigMaps, which must exist. Secrets are never in the
	 * manifests; the only ones referenced are those an operator makes, or optional ones.
	 */
	private static Map<String, String> environment(List<HasMetadata> objects, Deployment deployment) {
		Map<String, ConfigMap> configMaps = byName(objects, ConfigMap.class);
		Container container = container(deployment);
		String service = deployment.getMetadata().getName();
		Map<String, String> env = new LinkedHashMap<>();
		for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
			assertThat(source.getSecretRef()).as(service + ": secrets are referenced key by key").isNull();
			ConfigMap configMap = configMaps.get(source.getConfigMapRef().getName());
			assertThat(configMap).as(service + " envFrom " + source.getConfigMapRef().getName()).isNotNull();
			env.putAll(configMap.getData());
		}
		for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
			if (variable.getValueFrom() == null) {
				env.put(variable.getName(), variable.getValue());
			}
			else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
				var ref = variable.getValueFrom().getConfigMapKeyRef();
				assertThat(configMaps.get(ref.getName()).getData()).as(service + " " + variable.getName())
					.containsKey(ref.getKey());
				env.put(variable.getName(), configMaps.get(ref.getName()).getData().get(ref.getKey()));
			}
			else {
				var ref = variable.getValueFrom().getSecretKeyRef();
				assertThat(ref).as(service + " " + variable.getName()).isNotNull();
				assertThat(ref.getName().equals(DATABASE_SECRET) || Boolean.TRUE.equals(ref.getOptional()))
					.as(service + " " + variable.getName() + " from the Secret " + ref.getName()
							+ ": only the operator's Secret, or an optional one")
					.isTrue();
				if (!Boolean.TRUE.equals(ref.getOptional())) {
					env.put(variable.getName(), "<secret " + ref.getName() + "/" + ref.getKey() + ">");
				}
			}
		}
		return env;
	}

	private static <T extends HasMetadata> Map<String, T> byName(List<HasMetadata> objects, Class<T> type) {
		Map<String, T> found = new HashMap<>();
		for (HasMetadata object : objects) {
			if (type.isInstance(object)) {
				assertThat(found.put(object.getMetadata().getName(), type.cast(object)))
					.as(object.getMetadata().getName())
					.isNull();
			}
		}
		return found;
	}

	private static List<GenericKubernetesResource> custom(List<HasMetadata> objects, String apiVersion, String kind) {
		List<GenericKubernetesResource> found = new ArrayList<>();
		for (HasMetadata object : objects) {
			if (object instanceof GenericKubernetesResource resource && apiVersion.equals(resource.getApiVersion())
					&& kind.equals(resource.getKind())) {
				found.add(resource);
			}
		}
		assertThat(found).as(apiVersion + " " + kind).isNotEmpty();
		return found;
	}

}
