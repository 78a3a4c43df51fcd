package org.civicdispatch.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the launcher asks of the JDK's AOT cache: the first instance of a service records
 * the cache next to its extracted jar while there is none, every instance starts from it
 * once it is there, and a jar that is not extracted (whose class path the cache could not
 * match) or a JDK without the cache (before 25) runs without.
 */
class AotCacheTests {

	@TempDir
	Path temp;

	@Test
	void theFirstInstanceTrainsAndEveryInstanceStartsFromTheCacheOnceWritten() throws IOException {
		Path jar = extractedJar("order-service-0.1.0-SNAPSHOT");
		Path cache = jar.resolveSibling("order-service-0.1.0-SNAPSHOT.aot");

		AotCache first = AotCache.of(jar, true, 25).orElseThrow();
		AotCache second = AotCache.of(jar, false, 25).orElseThrow();
		assertThat(first.javaOptions()).containsExactly("-XX:AOTCacheOutput=" + cache);
		assertThat(second.javaOptions()).isEmpty();

		Files.write(cache, new byte[] { 1 });
		assertThat(first.javaOptions()).containsExactly("-XX:AOTCache=" + cache);
		assertThat(second.javaOptions()).containsExactly("-XX:AOTCache=" + cache);
	}

	@Test
	void aJarThatIsNotExtractedRunsWithout() throws IOException {
		Path jar = Files.createFile(temp.resolve("order-service-0.1.0-SNAPSHOT.jar"));

		assertThat(AotCache.of(jar, true, 25)).isEmpty();
	}

	@Test
	void aJdkBefore25RunsWithout() throws IOException {
		Path jar = extractedJar("order-service-0.1.0-SNAPSHOT");

		assertThat(AotCache.of(jar, true, 21)).isEmpty();
	}

	private Path extractedJar(String stem) throws IOException {
		Path directory = Files.createDirectories(temp.resolve(ExtractedJars.DIRECTORY).resolve(stem + "-1-2"));
		return Files.createFile(directory.resolve(stem + ".jar"));
	}

}
