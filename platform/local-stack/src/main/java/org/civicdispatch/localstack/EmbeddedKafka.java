package org.civicdispatch.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one) running in this JVM. Its log
 * directory is formatted once and kept, so topics and committed offsets survive a
 * restart.
 * <p>
 * A broker that meets a fault it cannot survive asks Kafka's {@link Exit} to halt the
 * JVM: that would end the launcher without its shutdown hook (the services left running)
 * or a test JVM without a word. The broker's exit and halt are routed to {@code onFatal}
 * instead, after the reason is logged.
 */
final class EmbeddedKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private final Path logDir;

	private final int port;

	private final int controllerPort;

	private final Consumer<String> onFatal;

	private KafkaRaftServer server;

	EmbeddedKafka(Path logDir, int port, int controllerPort) {
		this(logDir, port, controllerPort, reason -> {
		});
	}

	EmbeddedKafka(Path logDir, int port, int controllerPort, Consumer<String> onFatal) {
		this.logDir = logDir;
		this.port = port;
		this.controllerPort = controllerPort;
		this.onFatal = onFatal;
	}

	void start() throws Exception {
		Exit.setExitProcedure(this::fatal);
		Exit.setHaltProcedure(this::fatal);
		Files.createDirectories(this.logDir);
		KafkaConfig config = KafkaConfig.fromProps(brokerProperties());
		if (!Files.exists(this.logDir.resolve("meta.properties"))) {
			format();
		}
		this.server = new KafkaRaftServer(config, Time.SYSTEM);
		this.server.startup();
	}

	private void format() throws Exception {
		new Formatter().setNodeId(1)
			.setClusterId(Uuid.randomUuid().toString())
			.setDirectories(List.of(this.logDir.toString()))
			.setMetadataLogDirectory(this.logDir.toString())
			.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
			.setControllerListenerName(CONTROLLER_LISTENER)
			.setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
			.run();
	}

	private Properties brokerProperties() {
		Properties p = new Properties();
		p.put("process.roles", "broker,controller");
		p.put("node.id", "1");
		p.put("controller.quorum.voters", "1@localhost:" + this.controllerPort);
		p.put("listeners", "PLAINTEXT://localhost:" + this.port + ",CONTROLLER://localhost:" + this.controllerPort);
		p.put("advertised.listeners", "PLAINTEXT://localhost:" + this.port);
		p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		p.put("controller.listener.names", CONTROLLER_LISTENER);
		p.put("inter.broker.listener.name", "PLAINTEXT");
		p.put("log.dirs", this.logDir.toString());
		p.put("num.partitions", "3");
		p.put("auto.create.topics.enable", "true");
		p.put("offsets.topic.replication.factor", "1");
		p.put("offsets.topic.num.partitions", "5");
		p.put("transaction.state.log.replication.factor", "1");
		p.put("transaction.state.log.min.isr", "1");
		p.put("share.coordinator.state.topic.replication.factor", "1");
		p.put("share.coordinator.state.topic.min.isr", "1");
		p.put("group.initial.rebalance.delay.ms", "0");
		p.put("log.retention.hours", "168");
		p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
		return p;
	}

	private void fatal(int status, String message) {
		String reason = "status " + status + ((message != null) ? ": " + message : "");
		log.error("Embedded Kafka met a fatal error and asked to stop the JVM ({})", reason,
				new IllegalStateException("Kafka fatal error"));
		this.onFatal.accept(reason);
	}

	String bootstrapServers() {
		return "localhost:" + this.port;
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.shutdown();
			this.server.awaitShutdown();
			this.server = null;
		}
	}

}
