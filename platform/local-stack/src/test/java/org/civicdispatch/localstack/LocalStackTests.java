package org.civicdispatch.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicdispatch.embedded.EmbeddedKafka;
import org.civicdispatch.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher itself, with stand-in service jars: real embedded PostgreSQL and Kafka,
 * the environment each service gets, stopping and starting one service, and data that
 * survives a restart of the whole stack.
 */
class LocalStackTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@TempDir
	Path temp;

	@Test
	void startsEverythingStopsOneServiceAndKeepsDataAcrossRestarts() throws Exception {
		Path jars = dummyJars(this.temp.resolve("jars"));
		int gateway = LocalStack.freePort();
		int volunteer = LocalStack.freePort();
		int postgresPort = LocalStack.freePort();
		int kafkaPort = LocalStack.freePort();
		int controllerPort = LocalStack.freePort();
		LocalStack.Builder builder = LocalStack.builder()
			.dataDirectory(this.temp.resolve("data"))
			.jarsDirectory(jars)
			.freePorts()
			.port(Service.GATEWAY, gateway)
			.port(Service.VOLUNTEER, volunteer)
			.postgresPort(postgresPort)
			.kafkaPorts(kafkaPort, controllerPort)
			.javaOptions(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
		// as after a kill -9 of an earlier launcher: a service still running and recorded
		ProcessBuilder leftoverGateway = new ProcessBuilder(ServiceProcess.javaExecutable(), "-jar",
				jars.resolve("gateway-0.1.0-SNAPSHOT.jar").toString());
		leftoverGateway.environment().put("SERVER_PORT", String.valueOf(gateway));
		Process leftover = leftoverGateway.start();
		Files.createDirectories(this.temp.resolve("data"));
		Files.writeString(this.temp.resolve("data/services.pid"), leftover.pid() + " gateway\n");

		try (LocalStack stack = builder.build()) {
			stack.start();
			assertThat(leftover.isAlive()).isFalse();
			assertThat(get(stack.gatewayUrl() + "/actuator/health")).contains("UP");

			String orderEnv = get(stack.serviceUrl("order-service") + "/env");
			assertThat(orderEnv).contains("DATABASE_NAME=orders", "DATABASE_HOST=localhost",
					"DATABASE_PORT=" + postgresPort, "KAFKA_BOOTSTRAP_SERVERS=localhost:" + kafkaPort,
					"JWKS_URI=http://localhost:" + volunteer + "/.well-known/jwks.json");
			assertThat(get(stack.serviceUrl("volunteer-service") + "/env")).contains("CIVIC_SEED_ADMIN=true",
					"DATABASE_NAME=volunteers");
			assertThat(get(stack.gatewayUrl() + "/env")).contains("VOLUNTEER_SERVICE_URL=http://localhost:" + volunteer,
					"ORDER_SERVICE_URL=" + stack.serviceUrl("order-service"),
					"POINTS_SERVICE_URL=" + stack.serviceUrl("points-service"));

			stack.stopService("points");
			assertThat(stack.isRunning("points-service")).isFalse();
			assertThatThrownBy(() -> get(stack.serviceUrl("points-service") + "/actuator/health"))
				.isInstanceOf(ConnectException.class);
			assertThat(get(stack.gatewayUrl() + "/actuator/health")).contains("UP");
			stack.startService("points-service");
			assertThat(get(stack.serviceUrl("points-service") + "/actuator/health")).contains("UP");

			try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/orders",
					"postgres", "postgres"); Statement statement = db.createStatement()) {
				statement.execute("CREATE TABLE kept (note text)");
				statement.execute("INSERT INTO kept VALUES ('before restart')");
			}
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("kept.v1", 1, (short) 1))).all().get();
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", stack.kafkaBootstrapServers()), new StringSerializer(),
					new StringSerializer())) {
				producer.send(new ProducerRecord<>("kept.v1", "k", "before restart")).get();
			}
		}
		assertThat(isListening(gateway)).isFalse();

		try (LocalStack again = builder.build()) {
			again.start();
			try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/orders",
					"postgres", "postgres");
					Statement statement = db.createStatement();
					ResultSet rows = statement.executeQuery("SELECT note FROM kept")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("before restart");
			}
			Properties consumer = new Properties();
			consumer.put("bootstrap.servers", again.kafkaBootstrapServers());
			consumer.put("group.id", "local-stack-tests");
			consumer.put("auto.offset.reset", "earliest");
			try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer, new StringDeserializer(),
					new StringDeserializer())) {
				reader.subscribe(Set.of("kept.v1"));
				ConsumerRecords<String, String> records = ConsumerRecords.empty();
				for (int i = 0; i < 30 && records.isEmpty(); i++) {
					records = reader.poll(Duration.ofSeconds(1));
				}
				assertThat(records.records("kept.v1")).extracting(r -> r.value()).containsExactly("before restart");
			}
		}
	}

	@Test
	void aServiceKilledWithSigkillIsRestartedOnItsOwnAndOneStoppedOnPurposeIsNot() throws Exception {
		Path jars = dummyJars(this.temp.resolve("jars"));
		java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
		try (LocalStack stack = LocalStack.builder()
			.dataDirectory(this.temp.resolve("data"))
			.jarsDirectory(jars)
			.freePorts()
			.durable(false)
			.services(Service.ORDER, Service.POINTS)
			.restartBackOff(Duration.ofMillis(500), Duration.ofSeconds(2))
			.console(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8))
			.javaOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
			.build()) {
			stack.start();
			long first = stack.pid("order-service");
			assertThat(stack.restarts("order-service")).isZero();

			kill9(first);
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
				assertThat(stack.restarts("order-service")).isEqualTo(1);
				assertThat(stack.pid("order-service")).isNotEqualTo(first);
				assertThat(get(stack.serviceUrl("order-service") + "/actuator/health")).contains("UP");
			});
			assertThat(ProcessHandle.of(first).filter(ProcessHandle::isAlive)).isEmpty();
			// what a person reads: the status file and the service's own log say it died
			// and came back
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(Files.readAllLines(stack.dataDirectory().resolve("status")))
					.anySatisfy(line -> assertThat(line).startsWith("order-service ")
						.contains(" up ", "restarts 1 (last: killed by SIGKILL at "))
					.anySatisfy(line -> assertThat(line).startsWith("points-service ").contains(" up ", "restarts 0")));
			assertThat(Files.readString(stack.logFile("order-service")))
				.contains("----- local-stack: order-service restart #1 after killed by SIGKILL -----");
			assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8))
				.contains("order-service     | ----- local-stack: order-service restart #1 after killed by SIGKILL");
			assertThat(Files.readString(this.temp.resolve("data/services.pid")))
				.contains(stack.pid("order-service") + " order-service");

			// again at once: the wait doubles (0.5 s, then 1 s), and the count goes on
			long second = stack.pid("order-service");
			kill9(second);
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
				assertThat(stack.restarts("order-service")).isEqualTo(2);
				assertThat(get(stack.serviceUrl("order-service") + "/actuator/health")).contains("UP");
			});
			assertThat(stack.backOff(1)).isEqualTo(Duration.ofMillis(500));
			assertThat(stack.backOff(2)).isEqualTo(Duration.ofSeconds(1));
			assertThat(stack.backOff(5)).isEqualTo(Duration.ofSeconds(2));

			// a service stopped on purpose stays stopped
			stack.stopService("points-service");
			Thread.sleep(2_000);
			assertThat(stack.isRunning("points-service")).isFalse();
			assertThat(stack.restarts("points-service")).isZero();
			assertThat(Files.readAllLines(stack.dataDirectory().resolve("status")))
				.anySatisfy(line -> assertThat(line).startsWith("points-service ").contains(" down ", "restarts 0"));
		}
	}

	// A JVM that ran out of heap used to linger half-alive (answering nothing, never
	// restarted): every
	// service now exits on OutOfMemoryError, whatever its options, and the launcher
	// starts it again.
	@Test
	void aServiceThatRunsOutOfMemoryExitsAndIsRestarted() throws Exception {
		Path jars = dummyJars(this.temp.resolve("jars"));
		try (LocalStack stack = LocalStack.builder()
			.dataDirectory(this.temp.resolve("data"))
			.jarsDirectory(jars)
			.freePorts()
			.durable(false)
			.services(Service.ORDER)
			.restartBackOff(Duration.ofMillis(500), Duration.ofSeconds(2))
			.javaOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
			.build()) {
			stack.start();
			long first = stack.pid("order-service");
			String url = stack.serviceUrl("order-service");
			try {
				HTTP.send(HttpRequest.newBuilder(URI.create(url + "/exhaust-memory"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.discarding());
			}
			catch (IOException ex) {
				// the process is gone before it answers
			}
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
				assertThat(stack.restarts("order-service")).isEqualTo(1);
				assertThat(stack.pid("order-service")).isNotEqualTo(first);
				assertThat(get(url + "/actuator/health")).contains("UP");
			});
			assertThat(ProcessHandle.of(first).filter(ProcessHandle::isAlive)).isEmpty();
			assertThat(Files.readString(stack.logFile("order-service"))).contains("java.lang.OutOfMemoryError");
		}
	}

	@Test
	void runsTwoReplicasOfEachServiceBehindTheGatewaysLoadBalancer() throws Exception {
		Path jars = dummyJars(this.temp.resolve("jars"));
		try (LocalStack stack = LocalStack.builder()
			.dataDirectory(this.temp.resolve("data"))
			.jarsDirectory(jars)
			.freePorts()
			.durable(false)
			.services(Service.GATEWAY, Service.ORDER)
			.replicas(2)
			.javaOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
			.build()) {
			stack.start();
			assertThat(stack.instanceNames("order-service")).containsExactly("order-service-1", "order-service-2");
			assertThat(stack.instanceNames("gateway")).containsExactly("gateway");
			List<String> urls = stack.serviceUrls("order-service");
			assertThat(urls).hasSize(2).doesNotHaveDuplicates();
			for (String url : urls) {
				assertThat(get(url + "/actuator/health")).contains("UP");
				assertThat(get(url + "/env")).contains("DATABASE_NAME=orders",
						"SERVER_PORT=" + url.replaceAll(".*:", ""));
			}
			String gatewayEnv = get(stack.gatewayUrl() + "/env");
			assertThat(gatewayEnv).contains("ORDER_SERVICE_URL=lb://order-service\n",
					"VOLUNTEER_SERVICE_URL=lb://volunteer-service\n", "POINTS_SERVICE_URL=lb://points-service\n",
					"\"order-service\":[{\"uri\":\"" + urls.get(0) + "\"},{\"uri\":\"" + urls.get(1) + "\"}]");
			assertThat(this.temp.resolve("data/logs/order-service-2.log")).exists();
			assertThat(Files.readString(this.temp.resolve("data/services.pid")))
				.contains(stack.pid("order-service-2") + " order-service-2");

			// one replica stopped: the other goes on
			stack.stopService("order-service-2");
			assertThat(stack.isRunning("order-service-2")).isFalse();
			assertThat(stack.isRunning("order-service-1")).isTrue();
			assertThat(stack.isRunning("order-service")).isTrue();
			assertThat(get(urls.get(0) + "/actuator/health")).contains("UP");
			assertThat(stack.statusLines())
				.anySatisfy(line -> assertThat(line).startsWith("order-service-2 ").contains(" down "));
		}
	}

	private static void kill9(long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	@Test
	void usesOutsideServersWhenTheyAreConfigured() throws Exception {
		Path jars = dummyJars(this.temp.resolve("jars"));
		int outsidePostgres = LocalStack.freePort();
		int outsideKafka = LocalStack.freePort();
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.builder()
			.dataDirectory(this.temp.resolve("outside-pg"))
			.port(outsidePostgres)
			.start();
				EmbeddedKafka kafka = EmbeddedKafka.builder()
					.dataDirectory(this.temp.resolve("outside-kafka"))
					.ports(outsideKafka, LocalStack.freePort())
					.start()) {
			try (LocalStack stack = LocalStack.builder()
				.dataDirectory(this.temp.resolve("data"))
				.jarsDirectory(jars)
				.freePorts()
				.externalDatabase("localhost", outsidePostgres, "postgres", "postgres")
				.externalKafka(kafka.bootstrapServers())
				.identityProvider("https://sso.example.gov.cn/realms/civic/protocol/openid-connect/certs",
						"https://sso.example.gov.cn/realms/civic")
				.services(Service.ORDER)
				.javaOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
				.build()) {
				stack.start();
				assertThat(get(stack.serviceUrl("order-service") + "/env")).contains("DATABASE_PORT=" + outsidePostgres,
						"KAFKA_BOOTSTRAP_SERVERS=localhost:" + outsideKafka,
						"JWKS_URI=https://sso.example.gov.cn/realms/civic/protocol/openid-connect/certs\n",
						"JWT_ISSUER=https://sso.example.gov.cn/realms/civic\n");
				assertThat(this.temp.resolve("data/postgres")).doesNotExist();
				assertThat(this.temp.resolve("data/kafka")).doesNotExist();
				try (Connection db = DriverManager.getConnection(
						"jdbc:postgresql://localhost:" + outsidePostgres + "/orders", "postgres", "postgres")) {
					assertThat(db.isValid(2)).isTrue();
				}
			}
		}
	}

	@Test
	void stopDuringStartGivesUpAndLeavesNothingRunning() throws Exception {
		Path jars = dummyJars(this.temp.resolve("jars"));
		LocalStack stack = LocalStack.builder()
			.dataDirectory(this.temp.resolve("data"))
			.jarsDirectory(jars)
			.freePorts()
			.durable(false)
			.env(Service.ORDER, "DUMMY_NEVER_HEALTHY", "true")
			.javaOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
			.build();
		java.util.concurrent.CompletableFuture<Void> starting = java.util.concurrent.CompletableFuture.runAsync(() -> {
			try {
				stack.start();
			}
			catch (Exception ex) {
				throw new java.util.concurrent.CompletionException(ex);
			}
		});
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> isListening(Integer.parseInt(stack.serviceUrl("order-service").replaceAll(".*:", ""))));
		long begin = System.nanoTime();
		stack.stop();
		assertThatThrownBy(starting::join).hasRootCauseInstanceOf(IllegalStateException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
		for (Service service : Service.values()) {
			assertThat(isListening(Integer.parseInt(stack.serviceUrl(service.module()).replaceAll(".*:", ""))))
				.as(service.module())
				.isFalse();
		}
	}

	@Test
	void aFatalKafkaErrorIsReportedInsteadOfHaltingTheJvm() throws Exception {
		List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (EmbeddedKafka kafka = EmbeddedKafka.builder()
			.dataDirectory(this.temp.resolve("kafka"))
			.onFatal(reasons::add)
			.start()) {
			// what a broker that meets a fault it cannot survive does: its JVM ends
			kill9(kafka.pid());
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !reasons.isEmpty());
			assertThat(reasons).singleElement().asString().startsWith("status 137");
			assertThat(kafka.isRunning()).isFalse();
		}
	}

	@Test
	void readsAnOutsideDatabaseFromTheEnvironment() {
		assertThat(LocalStackMain.outsideDatabase(Map.of())).isEmpty();
		assertThat(LocalStackMain.outsideDatabase(Map.of("DATABASE_HOST", "db.internal", "DATABASE_PORT", "6432",
				"DATABASE_USERNAME", "civic", "DATABASE_PASSWORD", "s3cret")))
			.contains(new LocalStackMain.OutsideDatabase("db.internal", 6432, "civic", "s3cret"));
		assertThat(LocalStackMain.outsideDatabase(Map.of("DATABASE_URL", "postgresql://civic:pw@db.internal:5433/x")))
			.contains(new LocalStackMain.OutsideDatabase("db.internal", 5433, "civic", "pw"));
		assertThat(LocalStackMain.outsideDatabase(Map.of("DATABASE_URL", "jdbc:postgresql://db.internal/orders")))
			.contains(new LocalStackMain.OutsideDatabase("db.internal", 5432, "postgres", "postgres"));
	}

	@Test
	void readsReplicasRestartsAndAnOutsideIdentityProviderFromTheEnvironment() {
		LocalStack stack = LocalStackMain
			.fromEnvironment(Map.of("LOCAL_STACK_DATA_DIR", this.temp.toString(), "LOCAL_STACK_QUIET", "true",
					"LOCAL_STACK_REPLICAS", "2", "LOCAL_STACK_RESTARTS", "false", "ORDER_SERVICE_PORT", "9082",
					"JWKS_URI", "https://sso.example.gov.cn/realms/civic/protocol/openid-connect/certs", "JWT_ISSUER",
					"https://sso.example.gov.cn/realms/civic"))
			.build();
		assertThat(stack.serviceUrls("order-service")).containsExactly("http://localhost:9082",
				"http://localhost:9182");
		assertThat(stack.serviceUrls("gateway")).containsExactly("http://localhost:8080");
		assertThat(stack.restartsCrashedServices()).isFalse();
		assertThat(stack.jwksUri()).isEqualTo("https://sso.example.gov.cn/realms/civic/protocol/openid-connect/certs");
		assertThat(stack.issuer()).isEqualTo("https://sso.example.gov.cn/realms/civic");

		LocalStack plain = LocalStackMain.fromEnvironment(Map.of("LOCAL_STACK_DATA_DIR", this.temp.toString())).build();
		assertThat(plain.serviceUrls("order-service")).containsExactly("http://localhost:8082");
		assertThat(plain.restartsCrashedServices()).isTrue();
		assertThat(plain.jwksUri()).isEqualTo("http://localhost:8081/.well-known/jwks.json");
		assertThat(plain.issuer()).isNull();
	}

	@Test
	void saysWhichJarsAreMissing() {
		LocalStack stack = LocalStack.builder()
			.dataDirectory(this.temp.resolve("data"))
			.jarsDirectory(this.temp)
			.freePorts()
			.build();
		assertThatThrownBy(stack::start).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("gateway")
			.hasMessageContaining("./mvnw -B -q install -DskipTests");
	}

	private static String get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static boolean isListening(int port) {
		try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** One jar per service, each holding only {@link DummyService}. */
	private static Path dummyJars(Path dir) throws IOException {
		Files.createDirectories(dir);
		String entry = DummyService.class.getName().replace('.', '/') + ".class";
		byte[] bytes;
		try (InputStream in = DummyService.class.getClassLoader().getResourceAsStream(entry)) {
			bytes = in.readAllBytes();
		}
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, DummyService.class.getName());
		for (Service service : Service.values()) {
			try (OutputStream file = Files.newOutputStream(dir.resolve(service.module() + "-0.1.0-SNAPSHOT.jar"));
					JarOutputStream jar = new JarOutputStream(file, manifest)) {
				jar.putNextEntry(new JarEntry(entry));
				jar.write(bytes);
				jar.closeEntry();
			}
		}
		return dir;
	}

}
