package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kustomize build} for what deploy/k8s uses, so that the tests need no kustomize
 * binary: {@code resources} (files and directories), {@code namespace}, {@code images}
 * (newName, newTag) and {@code patches} — strategic-merge patches (a file of one or more
 * objects, each patching the object of its kind and name, or every object a
 * {@code target} selects) and JSON 6902 patches ({@code add}, {@code replace},
 * {@code remove}) with a {@code target} of kind, name, group and version. Anything else
 * in a kustomization.yaml fails the build here, so the tests never pass over a feature
 * they do not understand. Strategic merge follows Kubernetes' merge keys for the built-in
 * kinds (containers, env, volumes and volume mounts by name, ports by number); custom
 * resources are merged as JSON merge patches, as kustomize does without their schema.
 */
final class Kustomize {

	private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources", "images",
			"patches");

	private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
			"CustomResourceDefinition", "PersistentVolume", "StorageClass", "IngressClass", "PriorityClass");

	private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of("v1/Namespace", Namespace.class,
			"v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
			"apps/v1/Deployment", Deployment.class, "apps/v1/StatefulSet", StatefulSet.class, "apps/v1/DaemonSet",
			DaemonSet.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
			"autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "networking.k8s.io/v1/Ingress",
			Ingress.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Kustomize() {
	}

	/**
	 * The objects {@code kustomize build dir} prints, as typed Kubernetes objects (custom
	 * resources as generic ones).
	 */
	static List<HasMetadata> build(Path dir) {
		List<HasMetadata> typed = new ArrayList<>();
		for (Map<String, Object> object : buildMaps(dir)) {
			Class<? extends HasMetadata> type = TYPES.get(object.get("apiVersion") + "/" + object.get("kind"));
			Class<? extends HasMetadata> target = (type != null) ? type : GenericKubernetesResource.class;
			HasMetadata converted = JSON.convertValue(object, target);
			if (type != null) {
				List<String> unknown = new ArrayList<>();
				unknownFields(converted, kind(object) + "/" + name(object), unknown, new IdentityHashMap<>());
				if (!unknown.isEmpty()) {
					throw new IllegalStateException("Fields Kubernetes does not know: " + unknown);
				}
			}
			typed.add(converted);
		}
		return typed;
	}

	/** The objects {@code kustomize build dir} prints, as YAML trees. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> buildMaps(Path dir) {
		Map<String, Object> kustomization = (Map<String, Object>) loadAll(dir.resolve("kustomization.yaml")).get(0);
		Set<String> unsupported = new java.util.TreeSet<>(kustomization.keySet());
		unsupported.removeAll(SUPPORTED);
		if (!unsupported.isEmpty()) {
			throw new IllegalStateException(
					dir + ": kustomization fields this renderer does not apply: " + unsupported);
		}
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object resource : list(kustomization.get("resources"))) {
			Path path = dir.resolve(resource.toString()).normalize();
			if (Files.isDirectory(path)) {
				objects.addAll(buildMaps(path));
			}
			else {
				for (Object document : loadAll(path)) {
					objects.add((Map<String, Object>) document);
				}
			}
		}
		for (Object patch : list(kustomization.get("patches"))) {
			applyPatch(dir, objects, (Map<String, Object>) patch);
		}
		Object namespace = kustomization.get("namespace");
		if (namespace != null) {
			for (Map<String, Object> object : objects) {
				if (!CLUSTER_SCOPED.contains(kind(object))) {
					metadata(object).put("namespace", namespace.toString());
				}
			}
		}
		for (Object image : list(kustomization.get("images"))) {
			setImage(objects, (Map<String, Object>) image);
		}
		Set<String> ids = new java.util.HashSet<>();
		for (Map<String, Object> object : objects) {
			String id = object.get("apiVersion") + "/" + kind(object) + "/" + metadata(object).get("namespace") + "/"
					+ name(object);
			if (!ids.add(id)) {
				throw new IllegalStateException(dir + ": " + id + " twice");
			}
		}
		return objects;
	}

	// --- patches
	// -----------------------------------------------------------------------------------

	@SuppressWarnings("unchecked")
	private static void applyPatch(Path dir, List<Map<String, Object>> objects, Map<String, Object> patch) {
		Set<String> fields = new java.util.TreeSet<>(patch.keySet());
		fields.removeAll(Set.of("path", "patch", "target"));
		if (!fields.isEmpty() || (patch.get("path") == null) == (patch.get("patch") == null)) {
			throw new IllegalStateException(
					dir + ": a patch needs either path or patch (and may have target): " + patch);
		}
		String text = (patch.get("path") != null) ? read(dir.resolve(patch.get("path").toString()))
				: patch.get("patch").toString();
		Map<String, Object> target = (Map<String, Object>) patch.get("target");
		List<Object> documents = new ArrayList<>();
		new Yaml().loadAll(text).forEach((document) -> {
			if (document != null) {
				documents.add(document);
			}
		});
		if (documents.size() == 1 && documents.get(0) instanceof List<?> operations) {
			if (target == null) {
				throw new IllegalStateException(dir + ": a JSON 6902 patch needs a target");
			}
			for (Map<String, Object> object : selected(dir, objects, target)) {
				for (Object operation : operations) {
					applyOperation(object, (Map<String, Object>) operation);
				}
			}
			return;
		}
		for (Object document : documents) {
			Map<String, Object> smp = (Map<String, Object>) document;
			List<Map<String, Object>> targets = (target != null) ? selected(dir, objects, target)
					: objects.stream()
						.filter((object) -> kind(object).equals(kind(smp)) && name(object).equals(name(smp))
								&& group(object).equals(group(smp)))
						.toList();
			if (targets.size() != 1 && target == null) {
				throw new IllegalStateException(
						dir + ": patch of " + kind(smp) + "/" + name(smp) + " matches " + targets.size() + " objects");
			}
			for (Map<String, Object> object : targets) {
				Map<String, Object> merged = (Map<String, Object>) merge(object, smp, "", builtIn(object));
				if (target != null) {
					// a patch applied by selector keeps each object's own name
					metadata(merged).put("name", name(object));
				}
				object.clear();
				object.putAll(merged);
			}
		}
	}

	private static List<Map<String, Object>> selected(Path dir, List<Map<String, Object>> objects,
			Map<String, Object> target) {
		Set<String> fields = new java.util.TreeSet<>(target.keySet());
		fields.removeAll(Set.of("kind", "name", "group", "version"));
		if (!fields.isEmpty()) {
			throw new IllegalStateException(dir + ": target selectors this renderer does not apply: " + fields);
		}
		List<Map<String, Object>> selected = objects.stream()
			.filter((object) -> target.get("kind") == null || target.get("kind").equals(kind(object)))
			.filter((object) -> target.get("name") == null || name(object).matches(target.get("name").toString()))
			.filter((object) -> target.get("group") == null || target.get("group").equals(group(object)))
			.filter((object) -> target.get("version") == null || target.get("version").equals(version(object)))
			.toList();
		if (selected.isEmpty()) {
			throw new IllegalStateException(dir + ": no object matches the patch target " + target);
		}
		return selected;
	}

	/** Strategic merge for built-in kinds, JSON merge for custom resources. */
	@SuppressWarnings("unchecked")
	private static Object merge(Object original, Object patch, String field, boolean strategic) {
		if (patch instanceof Map<?, ?> patchMap && original instanceof Map<?, ?> originalMap) {
			if (patchMap.containsKey("$patch")
					|| patchMap.keySet().stream().anyMatch((k) -> k.toString().startsWith("$"))) {
				throw new IllegalStateException("Patch directives are not applied here: " + patchMap);
			}
			Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) copy(originalMap));
			((Map<String, Object>) patchMap).forEach((key, value) -> {
				if (value == null) {
					merged.remove(key);
				}
				else {
					merged.put(key, merge(merged.get(key), value, key, strategic));
				}
			});
			return merged;
		}
		if (strategic && patch instanceof List<?> patchList && original instanceof List<?> originalList) {
			String key = mergeKey(field, patchList);
			if (key != null) {
				List<Object> merged = new ArrayList<>((List<Object>) copy(originalList));
				// elements the original lacks come first, in the patch's order (as
				// kustomize prints them)
				List<Object> added = new ArrayList<>();
				for (Object element : patchList) {
					Object id = ((Map<String, Object>) element).get(key);
					int index = -1;
					for (int i = 0; i < merged.size(); i++) {
						if (Objects.equals(((Map<String, Object>) merged.get(i)).get(key), id)) {
							index = i;
						}
					}
					if (index >= 0) {
						merged.set(index, merge(merged.get(index), element, field, true));
					}
					else {
						added.add(copy(element));
					}
				}
				added.addAll(merged);
				return added;
			}
		}
		return copy(patch);
	}

	/**
	 * Kubernetes' patch merge keys of the lists deploy/k8s patches (the others are
	 * replaced whole).
	 */
	private static String mergeKey(String field, List<?> elements) {
		return switch (field) {
			case "containers", "initContainers", "env", "volumes", "imagePullSecrets" -> "name";
			case "volumeMounts" -> "mountPath";
			case "topologySpreadConstraints" -> "topologyKey";
			case "ports" ->
				elements.stream().allMatch((e) -> e instanceof Map<?, ?> m && m.containsKey("containerPort"))
						? "containerPort" : "port";
			default -> null;
		};
	}

	@SuppressWarnings("unchecked")
	private static void applyOperation(Map<String, Object> object, Map<String, Object> operation) {
		String op = operation.get("op").toString();
		List<String> path = new ArrayList<>();
		for (String token : operation.get("path").toString().substring(1).split("/", -1)) {
			path.add(token.replace("~1", "/").replace("~0", "~"));
		}
		Object parent = object;
		for (String token : path.subList(0, path.size() - 1)) {
			parent = (parent instanceof List<?> list) ? list.get(Integer.parseInt(token))
					: ((Map<String, Object>) parent).get(token);
			if (parent == null) {
				throw new IllegalStateException(
						"No " + operation.get("path") + " in " + kind(object) + "/" + name(object));
			}
		}
		String last = path.get(path.size() - 1);
		Object value = copy(operation.get("value"));
		if (parent instanceof List<?> list) {
			List<Object> elements = (List<Object>) list;
			int index = last.equals("-") ? elements.size() : Integer.parseInt(last);
			switch (op) {
				case "add" -> elements.add(index, value);
				case "replace" -> elements.set(index, value);
				case "remove" -> elements.remove(index);
				default -> throw new IllegalStateException("JSON patch operation not applied here: " + op);
			}
			return;
		}
		Map<String, Object> map = (Map<String, Object>) parent;
		switch (op) {
			case "add" -> map.put(last, value);
			case "replace", "remove" -> {
				if (!map.containsKey(last)) {
					throw new IllegalStateException(
							"No " + operation.get("path") + " in " + kind(object) + "/" + name(object));
				}
				if (op.equals("replace")) {
					map.put(last, value);
				}
				else {
					map.remove(last);
				}
			}
			default -> throw new IllegalStateException("JSON patch operation not applied here: " + op);
		}
	}

	// --- images
	// ------------------------------------------------------------------------------------

	private static void setImage(List<Map<String, Object>> objects, Map<String, Object> image) {
		String name = image.get("name").toString();
		Set<String> fields = new java.util.TreeSet<>(image.keySet());
		fields.removeAll(Set.of("name", "newName", "newTag"));
		if (!fields.isEmpty()) {
			throw new IllegalStateException("images fields this renderer does not apply: " + fields);
		}
		for (Map<String, Object> object : objects) {
			visitContainers(object, (container) -> {
				String current = container.get("image").toString();
				int colon = current.lastIndexOf(':');
				boolean tagged = colon > current.lastIndexOf('/');
				String currentName = tagged ? current.substring(0, colon) : current;
				String currentTag = tagged ? current.substring(colon + 1) : null;
				if (currentName.equals(name)) {
					String newName = (image.get("newName") != null) ? image.get("newName").toString() : currentName;
					Object newTag = (image.get("newTag") != null) ? image.get("newTag") : currentTag;
					container.put("image", (newTag != null) ? newName + ":" + newTag : newName);
				}
			});
		}
	}

	@SuppressWarnings("unchecked")
	private static void visitContainers(Object node, java.util.function.Consumer<Map<String, Object>> visitor) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ((key.equals("containers") || key.equals("initContainers")) && value instanceof List<?> list) {
					list.forEach((container) -> visitor.accept((Map<String, Object>) container));
				}
				else {
					visitContainers(value, visitor);
				}
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((element) -> visitContainers(element, visitor));
		}
	}

	// --- fields Kubernetes does not know
	// -----------------------------------------------------------

	/**
	 * The model keeps a field it does not know in {@code additionalProperties}; in a
	 * built-in kind that is a misspelt field (readinesProbe) that Kubernetes would reject
	 * or drop.
	 */
	private static void unknownFields(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
		if (node == null || seen.put(node, Boolean.TRUE) != null) {
			return;
		}
		if (node instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				unknownFields(element, path + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown, seen));
			return;
		}
		if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method method : node.getClass().getMethods()) {
			if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
					|| !method.getName().startsWith("get") || method.getName().equals("getClass")) {
				continue;
			}
			Object value;
			try {
				value = method.invoke(node);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				continue;
			}
			if (method.getName().equals("getAdditionalProperties")) {
				if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
					unknown.add(path + " " + extra.keySet());
				}
			}
			else {
				unknownFields(value, path + "." + property(method.getName()), unknown, seen);
			}
		}
	}

	private static String property(String getter) {
		String name = getter.substring(3);
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	// --- YAML
	// ----------------------------------------------------------------------------------------

	static List<Object> loadAll(Path file) {
		List<Object> documents = new ArrayList<>();
		new Yaml().loadAll(read(file)).forEach((document) -> {
			if (document != null) {
				documents.add(document);
			}
		});
		return documents;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<?> list(Object value) {
		return (value != null) ? (List<?>) value : List.of();
	}

	@SuppressWarnings("unchecked")
	private static Object copy(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			((Map<String, Object>) map).forEach((key, element) -> copy.put(key, copy(element)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((element) -> copy.add(copy(element)));
			return copy;
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> metadata(Map<String, Object> object) {
		return (Map<String, Object>) object.computeIfAbsent("metadata", (key) -> new LinkedHashMap<>());
	}

	private static String kind(Map<String, Object> object) {
		return String.valueOf(object.get("kind"));
	}

	private static String name(Map<String, Object> object) {
		return String.valueOf(metadata(object).get("name"));
	}

	private static String group(Map<String, Object> object) {
		String apiVersion = String.valueOf(object.get("apiVersion"));
		return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
	}

	private static String version(Map<String, Object> object) {
		String apiVersion = String.valueOf(object.get("apiVersion"));
		return apiVersion.substring(apiVersion.indexOf('/') + 1);
	}

	/**
	 * Kubernetes' own kinds, whose lists merge by key; custom resources are JSON-merged.
	 */
	private static boolean builtIn(Map<String, Object> object) {
		String group = group(object);
		return group.isEmpty() || Set.of("apps", "policy", "autoscaling", "batch").contains(group)
				|| group.endsWith(".k8s.io");
	}

}
