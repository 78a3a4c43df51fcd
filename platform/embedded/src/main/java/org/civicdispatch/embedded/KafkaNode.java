package org.civicdispatch.embedded;

import java.io.IOException;

/**
 * The main class of the broker's JVM ({@link EmbeddedKafka}): runs Kafka's own entry
 * point {@code kafka.Kafka <server.properties>}, and ends the broker (cleanly, through
 * Kafka's shutdown hook) when the JVM that started it goes away, which closes this
 * process's standard input. So a launcher or a test JVM killed with {@code kill -9}
 * leaves no broker behind holding its ports.
 */
public final class KafkaNode {

	static final String KAFKA_MAIN = "kafka.Kafka";

	static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";

	private KafkaNode() {
	}

	public static void main(String[] args) throws Exception {
		Thread orphanWatch = new Thread(() -> {
			try {
				while (System.in.read() != -1) {
					// nothing is ever written; this only waits for the end of the stream
				}
			}
			catch (IOException ex) {
				// the stream is gone: so is the parent
			}
			System.exit(0);
		}, "kafka-node-parent-watch");
		orphanWatch.setDaemon(true);
		orphanWatch.start();
		Class.forName(KAFKA_MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
	}

}
