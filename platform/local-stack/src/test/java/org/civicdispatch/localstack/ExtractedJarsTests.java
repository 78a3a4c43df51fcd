package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher runs each service from its jar extracted once next to it: the gateway's
 * real jar (built before this module's tests) is extracted into its application jar and
 * {@code lib/}, used again while unchanged, and extracted anew, the old extraction
 * removed, once it changes. A jar that is not a Spring Boot jar runs as it is.
 */
class ExtractedJarsTests {

	@TempDir
	Path temp;

	@Test
	void aSpringBootJarIsExtractedOnceAndAgainWhenItChanges() throws IOException {
		Path jar = temp.resolve("gateway-0.1.0-SNAPSHOT.jar");
		Files.copy(builtGatewayJar(), jar);

		Path extracted = ExtractedJars.of(jar);
		assertThat(extracted.getFileName().toString()).isEqualTo("gateway-0.1.0-SNAPSHOT.jar");
		assertThat(extracted.getParent().getParent()).isEqualTo(temp.resolve(ExtractedJars.DIRECTORY));
		try (JarFile application = new JarFile(extracted.toFile())) {
			Attributes manifest = application.getManifest().getMainAttributes();
			assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS))
				.isEqualTo("org.civicdispatch.gateway.GatewayApplication");
			assertThat(manifest.getValue(Attributes.Name.CLASS_PATH)).contains("lib/");
		}
		try (Stream<Path> libraries = Files.list(extracted.resolveSibling("lib"))) {
			assertThat(
					libraries.filter((library) -> library.getFileName().toString().startsWith("spring-cloud-gateway")))
				.isNotEmpty();
		}
		FileTime madeAt = Files.getLastModifiedTime(extracted);

		assertThat(ExtractedJars.of(jar)).as("unchanged: the same extraction").isEqualTo(extracted);
		assertThat(Files.getLastModifiedTime(extracted)).isEqualTo(madeAt);

		Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
		Path again = ExtractedJars.of(jar);
		assertThat(again).isNotEqualTo(extracted).exists();
		assertThat(extracted.getParent()).as("the old extraction is removed").doesNotExist();
	}

	@Test
	void aPlainJarRunsAsItIs() throws IOException {
		Path jar = temp.resolve("plain.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.example.Main");
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream ignored = new JarOutputStream(out, manifest)) {
			// a manifest only
		}
		assertThat(ExtractedJars.of(jar)).isEqualTo(jar);
		assertThat(temp.resolve(ExtractedJars.DIRECTORY)).doesNotExist();
	}

	private static Path builtGatewayJar() throws IOException {
		Path target = Path.of("").toAbsolutePath().getParent().getParent().resolve("gateway").resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches("gateway-.*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("build the gateway first: no jar in " + target));
		}
	}

}
