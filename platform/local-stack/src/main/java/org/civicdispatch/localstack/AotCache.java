package org.civicdispatch.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JDK's ahead-of-time cache (JEP 483, 514 and 515) for a service run from its
 * extracted jar: the classes it loads, already parsed and linked, and the method profiles
 * of a training run, so a new instance starts sooner and compiles its hot code sooner.
 * <p>
 * The cache lives next to the extracted jar ({@code <stem>.aot}), so it goes when the jar
 * changes. While there is none, the first instance of the service is the training run: it
 * writes the cache when it exits, with what it did until then (start-up and whatever
 * requests it served). Later instances start from it. A JDK before 25, or a jar that is
 * not extracted, runs without.
 */
record AotCache(Path file, boolean trains) {

	static final String SUFFIX = ".aot";

	/** The cache for {@code jar}, when the JDK has one and the jar is extracted. */
	static Optional<AotCache> of(Path jar, boolean trains) {
		return of(jar, trains, Runtime.version().feature());
	}

	static Optional<AotCache> of(Path jar, boolean trains, int jdk) {
		if (jdk < 25 || jar.getParent() == null || jar.getParent().getParent() == null
				|| !jar.getParent().getParent().getFileName().toString().equals(ExtractedJars.DIRECTORY)) {
			return Optional.empty();
		}
		String name = jar.getFileName().toString();
		String stem = name.substring(0, name.length() - ".jar".length());
		return Optional.of(new AotCache(jar.resolveSibling(stem + SUFFIX), trains));
	}

	/** The options for the next start: use the cache, record it, or nothing. */
	List<String> javaOptions() {
		if (Files.isRegularFile(this.file)) {
			return List.of("-XX:AOTCache=" + this.file);
		}
		if (this.trains) {
			return List.of("-XX:AOTCacheOutput=" + this.file);
		}
		return List.of();
	}

}
