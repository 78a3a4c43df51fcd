package org.civicdispatch.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicdispatch.localstack.ServiceSettings.ROOT;
import static org.civicdispatch.localstack.ServiceSettings.SERVICES;

/**
 * docker-compose.yml's observability profile and the files it mounts: the Grafana
 * dashboard queries only the metrics of the README's contract (and every civic metric of
 * it), each panel with a provisioned data source; Prometheus scrapes the four on the
 * management port compose gives them; Grafana finds Prometheus and Jaeger, and the
 * services send their traces to Jaeger.
 */
class ObservabilityConfigTests {

	private static final Path OBSERVABILITY = ROOT.resolve("deploy/observability");

	private static final Path DASHBOARD = OBSERVABILITY.resolve("grafana/dashboards/civic-dispatch.json");

	/** What Prometheus adds to every series, and the bucket label of a histogram. */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "le");

	/** The PromQL words that are neither metrics nor functions. */
	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"and", "or", "unless", "bool", "offset", "inf", "nan");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern GROUPING = Pattern.compile("\\b(by|without)\\s*\\(([^)]*)\\)");

	private static Map<String, Map<String, Object>> compose;

	private static Map<String, Set<String>> contract;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void read() throws IOException {
		Map<String, Object> file = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
		compose = (Map<String, Map<String, Object>>) file.get("services");
		contract = metricContract(Files.readString(ROOT.resolve("README.md")));
	}

	@Test
	void theReadmeListsTheMetricContract() {
		assertThat(contract).containsKeys("civic_orders_placed_total", "civic_orders_dispatched_total",
				"civic_orders_completed_total", "civic_orders_status", "civic_orders_overdue",
				"civic_dispatch_seconds_bucket", "civic_outbox_backlog", "civic_outbox_oldest_age_seconds",
				"civic_kafka_dlt_records_total", "civic_points_awarded_total", "civic_points_redeemed_total",
				"civic_login_failures_total", "civic_gateway_rate_limited_total", "http_server_requests_seconds_*",
				"jvm_*");
		assertThat(contract.get("civic_orders_placed_total")).containsExactly("category");
	}

	@Test
	void everyPanelQueriesAProvisionedDataSourceForMetricsOfTheContract() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
		assertThat(dashboard.path("uid").asString()).isNotBlank();
		assertThat(dashboard.path("title").asString()).isNotBlank();
		Map<String, String> dataSources = provisionedDataSources();
		List<JsonNode> panels = new ArrayList<>();
		collectPanels(dashboard.path("panels"), panels);
		assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
		Set<Integer> ids = new TreeSet<>();
		Set<String> used = new TreeSet<>();
		for (JsonNode panel : panels) {
			String title = panel.path("title").asString();
			assertThat(ids.add(panel.path("id").asInt())).as(title + ": a panel id of its own").isTrue();
			assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
			String uid = panel.path("datasource").path("uid").asString();
			assertThat(dataSources).as(title + ": data source").containsEntry(uid, "prometheus");
			assertThat(panel.path("datasource").path("type").asString()).as(title).isEqualTo("prometheus");
			JsonNode targets = panel.path("targets");
			assertThat(targets.size()).as(title + ": queries").isPositive();
			for (JsonNode target : targets) {
				if (target.has("datasource")) {
					assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
				}
				String expr = target.path("expr").asString();
				assertThat(expr).as(title).isNotBlank();
				assertBalanced(expr);
				Set<String> metrics = metricNames(expr);
				assertThat(metrics).as(title + ": " + expr).isNotEmpty();
				for (String metric : metrics) {
					assertThat(allowed(metric)).as(title + ": " + metric + " is not in the README's metric contract")
						.isTrue();
				}
				for (String label : groupingLabels(expr)) {
					Set<String> labels = new TreeSet<>(TARGET_LABELS);
					metrics.stream().map(ObservabilityConfigTests::contractLabels).forEach(labels::addAll);
					assertThat(labels).as(title + ": grouping by " + label + " in " + expr).contains(label);
				}
				used.addAll(metrics);
			}
		}
		assertThat(used).as("every civic metric of the contract has a panel")
			.containsAll(contract.keySet().stream().filter((m) -> m.startsWith("civic_")).toList());
	}

	@Test
	void prometheusScrapesTheFourServicesOnTheManagementPort() throws IOException {
		Map<String, Object> config = new Yaml().load(Files.readString(OBSERVABILITY.resolve("prometheus.yml")));
		Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
		for (Object job : (List<?>) config.get("scrape_configs")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> scrape = (Map<String, Object>) job;
			jobs.put(scrape.get("job_name").toString(), scrape);
		}
		assertThat(jobs).containsOnlyKeys(SERVICES);
		for (String service : SERVICES) {
			Map<String, Object> job = jobs.get(service);
			assertThat(job.get("metrics_path")).as(service).isEqualTo("/actuator/prometheus");
			String managementPort = environment(service).get("MANAGEMENT_PORT");
			assertThat(managementPort).as(service + " MANAGEMENT_PORT in docker-compose.yml").isNotBlank();
			assertThat(managementPort).as(service + ": not the HTTP port, which the gateway routes")
				.isNotEqualTo(environment(service).get("SERVER_PORT"));
			List<String> targets = new ArrayList<>();
			for (Object staticConfig : (List<?>) job.get("static_configs")) {
				((List<?>) ((Map<?, ?>) staticConfig).get("targets")).forEach((t) -> targets.add(t.toString()));
			}
			assertThat(targets).as(service).containsExactly(service + ":" + managementPort);
			assertThat(compose.get(service).get("ports")).as(service + ": the management port is not published")
				.satisfiesAnyOf((ports) -> assertThat(ports).isNull(),
						(ports) -> assertThat(ports.toString()).doesNotContain(managementPort));
		}
		assertThat(mounts("prometheus")).containsEntry("/etc/prometheus/prometheus.yml",
				"./deploy/observability/prometheus.yml");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theProfileAddsPrometheusGrafanaAndJaegerWiredToEachOther() throws IOException {
		for (String name : List.of("prometheus", "grafana", "jaeger")) {
			assertThat((List<String>) compose.get(name).get("profiles")).as(name).containsExactly("observability");
		}
		for (String service : SERVICES) {
			assertThat(compose.get(service)).as(service + " runs without the profile").doesNotContainKey("profiles");
		}
		// Grafana reads its data sources and the dashboards from the mounted folders
		Map<String, String> grafana = mounts("grafana");
		assertThat(grafana).containsEntry("/etc/grafana/provisioning", "./deploy/observability/grafana/provisioning");
		Map<String, Object> providers = new Yaml()
			.load(Files.readString(OBSERVABILITY.resolve("grafana/provisioning/dashboards/dashboards.yml")));
		String path = ((Map<String, Map<String, String>>) ((List<?>) providers.get("providers")).get(0)).get("options")
			.get("path");
		assertThat(grafana).containsKey(path);
		assertThat(ROOT.resolve(grafana.get(path)).resolve(DASHBOARD.getFileName())).isRegularFile();
		assertThat(environment("grafana")).as("Grafana opens on the dashboard")
			.containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", path + "/" + DASHBOARD.getFileName());

		// the data sources are the compose services, on the ports they listen on
		Map<String, String> urls = new LinkedHashMap<>();
		for (Object source : (List<?>) new Yaml()
			.<Map<String, Object>>load(
					Files.readString(OBSERVABILITY.resolve("grafana/provisioning/datasources/datasources.yml")))
			.get("datasources")) {
			Map<String, Object> dataSource = (Map<String, Object>) source;
			urls.put(dataSource.get("type").toString(), dataSource.get("url").toString());
		}
		assertThat(urls).containsEntry("prometheus", "http://prometheus:9090")
			.containsEntry("jaeger", "http://jaeger:16686");
		assertThat(compose.get("prometheus").get("ports").toString()).contains(":9090");
		assertThat(compose.get("jaeger").get("ports").toString()).contains(":16686");

		// traces: every service sends OTLP over HTTP to Jaeger
		for (String service : SERVICES) {
			assertThat(environment(service)).as(service)
				.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
		}
	}

	// --- the README's contract
	// ----------------------------------------------------------------------

	/**
	 * The table after "The metric contract" in the README: metric (or family with *) →
	 * its labels.
	 */
	static Map<String, Set<String>> metricContract(String readme) {
		int start = readme.indexOf("**The metric contract**");
		assertThat(start).as("README: the metric contract").isPositive();
		Map<String, Set<String>> metrics = new LinkedHashMap<>();
		boolean inTable = false;
		for (String line : readme.substring(start).split("\n")) {
			if (line.startsWith("|")) {
				inTable = true;
				String[] cells = line.split("\\|");
				List<String> names = backticked(cells[1]);
				if (names.isEmpty()) {
					continue;
				}
				// the first name; a histogram's `_count` and `_sum` written after its
				// `_bucket` come with it
				metrics.put(names.get(0), new TreeSet<>(backticked(cells[3])));
			}
			else if (inTable) {
				break;
			}
		}
		return metrics;
	}

	private static List<String> backticked(String cell) {
		List<String> found = new ArrayList<>();
		Matcher matcher = Pattern.compile("`([^`]+)`").matcher(cell);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private static boolean allowed(String metric) {
		return contract.containsKey(histogram(metric)) || contract.keySet()
			.stream()
			.anyMatch((name) -> name.endsWith("*") && metric.startsWith(name.substring(0, name.length() - 1)));
	}

	/**
	 * A histogram's {@code _count} and {@code _sum} are in the contract with its
	 * {@code _bucket}.
	 */
	private static String histogram(String metric) {
		return metric.replaceFirst("_(count|sum)$", "_bucket");
	}

	private static Set<String> contractLabels(String metric) {
		return contract.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equals(histogram(metric)) || (entry.getKey().endsWith("*")
					&& metric.startsWith(entry.getKey().substring(0, entry.getKey().length() - 1))))
			.flatMap((entry) -> entry.getValue().stream())
			.collect(java.util.stream.Collectors.toSet());
	}

	// --- PromQL
	// --------------------------------------------------------------------------------------

	/**
	 * The metric names a query reads: the identifiers left once strings, matchers,
	 * ranges, groupings and functions are gone.
	 */
	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			String word = matcher.group();
			boolean function = stripped.substring(matcher.end()).stripLeading().startsWith("(");
			boolean number = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
			if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
				names.add(word);
			}
		}
		return names;
	}

	static Set<String> groupingLabels(String expr) {
		Set<String> labels = new TreeSet<>();
		Matcher matcher = GROUPING.matcher(expr);
		while (matcher.find()) {
			for (String label : matcher.group(2).split(",")) {
				if (!label.isBlank()) {
					labels.add(label.strip());
				}
			}
		}
		return labels;
	}

	private static void assertBalanced(String expr) {
		int round = 0;
		int square = 0;
		int curly = 0;
		for (char c : expr.toCharArray()) {
			round += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			square += (c == '[') ? 1 : (c == ']') ? -1 : 0;
			curly += (c == '{') ? 1 : (c == '}') ? -1 : 0;
			assertThat(round >= 0 && square >= 0 && curly >= 0).as(expr).isTrue();
		}
		assertThat(List.of(round, square, curly)).as(expr).containsOnly(0);
	}

	@Test
	void readsMetricNamesOutOfQueries() {
		assertThat(metricNames("sum by (category) (rate(civic_orders_placed_total[$__rate_interval])) * 60"))
			.containsExactly("civic_orders_placed_total");
		assertThat(metricNames("histogram_quantile(0.9, sum by (le) (rate(civic_dispatch_seconds_bucket[5m])))"))
			.containsExactly("civic_dispatch_seconds_bucket");
		assertThat(metricNames(
				"sum(rate(a_total{status=~\"5..\", uri!=\"/x\"}[1m])) / sum(rate(b_total[1m])) > bool 0.5e3"))
			.containsExactly("a_total", "b_total");
		assertThat(groupingLabels("max by (service, job) (x) + sum without (instance) (y)")).containsExactly("instance",
				"job", "service");
	}

	// --- docker-compose.yml
	// ----------------------------------------------------------------------------

	/**
	 * A service's environment in docker-compose.yml, with {@code ${VAR:-default}} read as
	 * its default.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, String> environment(String service) {
		Map<String, String> env = new LinkedHashMap<>();
		((Map<String, Object>) compose.get(service).get("environment"))
			.forEach((name, value) -> env.put(name, String.valueOf(value).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
		return env;
	}

	/** A compose service's bind mounts: container path → host path. */
	private static Map<String, String> mounts(String service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (Object volume : (List<?>) compose.get(service).get("volumes")) {
			String[] parts = volume.toString().split(":");
			if (parts[0].startsWith("./")) {
				mounts.put(parts[1], parts[0]);
			}
		}
		return mounts;
	}

	private static void collectPanels(JsonNode panels, List<JsonNode> into) {
		for (JsonNode panel : panels) {
			if (panel.path("type").asString().equals("row")) {
				collectPanels(panel.path("panels"), into);
			}
			else {
				into.add(panel);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> provisionedDataSources() throws IOException {
		Map<String, String> uids = new LinkedHashMap<>();
		Map<String, Object> file = new Yaml()
			.load(Files.readString(OBSERVABILITY.resolve("grafana/provisioning/datasources/datasources.yml")));
		for (Object source : (List<?>) file.get("datasources")) {
			Map<String, Object> dataSource = (Map<String, Object>) source;
			uids.put(dataSource.get("uid").toString(), dataSource.get("type").toString());
		}
		return uids;
	}

}
