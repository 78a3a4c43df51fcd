package org.civicdispatch.testing;

/** The one Kafka broker of this test JVM; get it from {@link Infra#kafka()}. */
public interface KafkaServer {

	/** {@code host:port} list for {@code bootstrap.servers}. */
	String bootstrapServers();

}
