package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * What each service's {@code application.yml} reads from the environment: every
 * {@code ${ENV_VAR:default}} placeholder, with its default, and the few settings that a
 * deployment must match (ports, graceful shutdown, health probes). The deployment tests
 * check the compose file and the Kubernetes manifests against these, so a new setting
 * shows up there at once.
 */
final class ServiceSettings {

	static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	static final List<String> SERVICES = List.of("gateway", "volunteer-service", "order-service", "points-service");

	/**
	 * Environment variables are upper case; {@code ${civic.seed-admin}} and the like are
	 * properties.
	 */
	private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

	/** Credentials have defaults for a developer's machine only. */
	private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

	private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|USERNAME|SECRET|CREDENTIAL).*");

	private ServiceSettings() {
	}

	/**
	 * One {@code ${NAME:default}} placeholder; {@code defaultValue} is null when there is
	 * none.
	 */
	record Placeholder(String name, String defaultValue) {

		/**
		 * Whether a deployment must set it: no default, a default that only works on a
		 * developer's machine (localhost), or a credential.
		 */
		boolean mustBeSet() {
			return this.defaultValue == null || this.defaultValue.contains("localhost")
					|| CREDENTIAL.matcher(this.name).matches();
		}

	}

	static String applicationYml(String service) {
		try {
			return Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.yml"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The environment variables the service reads, in order of first use, each once. */
	static Map<String, Placeholder> environment(String service) {
		Map<String, Placeholder> found = new LinkedHashMap<>();
		for (Placeholder placeholder : placeholders(applicationYml(service))) {
			if (ENV_NAME.matcher(placeholder.name()).matches()) {
				found.putIfAbsent(placeholder.name(), placeholder);
			}
		}
		return found;
	}

	/**
	 * Every {@code ${name}} or {@code ${name:default}} in the text; defaults may nest
	 * placeholders.
	 */
	static List<Placeholder> placeholders(String text) {
		List<Placeholder> found = new ArrayList<>();
		int at = text.indexOf("${");
		while (at >= 0) {
			int depth = 0;
			int colon = -1;
			int end = -1;
			for (int i = at + 2; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '{' && text.charAt(i - 1) == '$') {
					depth++;
				}
				else if (c == '}') {
					if (depth == 0) {
						end = i;
						break;
					}
					depth--;
				}
				else if (c == ':' && depth == 0 && colon < 0) {
					colon = i;
				}
			}
			if (end < 0) {
				throw new IllegalArgumentException("Unclosed placeholder at " + at);
			}
			String name = text.substring(at + 2, (colon >= 0) ? colon : end);
			String defaultValue = (colon >= 0) ? text.substring(colon + 1, end) : null;
			found.add(new Placeholder(name.strip(), defaultValue));
			found.addAll(placeholders((defaultValue != null) ? defaultValue : ""));
			at = text.indexOf("${", end + 1);
		}
		return found;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(String service) {
		return (Map<String, Object>) new Yaml().load(applicationYml(service));
	}

	/**
	 * A property of the service's application.yml by its dotted path, as written
	 * (placeholders included).
	 */
	@SuppressWarnings("unchecked")
	static Object property(String service, String path) {
		Object node = yaml(service);
		for (String key : path.split("\\.")) {
			if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
				return null;
			}
			node = ((Map<String, Object>) map).get(key);
		}
		return node;
	}

	/** The HTTP port the service listens on when nothing sets SERVER_PORT. */
	static int defaultServerPort(String service) {
		return Integer.parseInt(environment(service).get("SERVER_PORT").defaultValue());
	}

	/**
	 * How long graceful shutdown waits per phase
	 * ({@code spring.lifecycle.timeout-per-shutdown-phase}).
	 */
	static Duration shutdownTimeoutPerPhase(String service) {
		Object value = property(service, "spring.lifecycle.timeout-per-shutdown-phase");
		return (value != null) ? duration(value.toString()) : Duration.ofSeconds(30);
	}

	/**
	 * A duration as Spring Boot writes it in configuration: {@code 500ms}, {@code 20s},
	 * {@code 30m}, {@code 2h}, {@code 7d}.
	 */
	static Duration duration(String text) {
		Matcher matcher = DURATION.matcher(text.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a duration: " + text);
		}
		long amount = Long.parseLong(matcher.group(1));
		// a bare number is milliseconds, as Spring Boot reads it
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
		return switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> Duration.ofSeconds(amount);
		};
	}

}
